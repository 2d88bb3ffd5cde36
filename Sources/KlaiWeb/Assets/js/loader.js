// Downloads for the MSE engine: playlists as text, segments as bytes with progress, so the engine
// can measure throughput and give up a segment that would arrive too late.

/** An error a person can read, with the HTTP status when there was one. */
export class LoadError extends Error {
    /** @param {string} message @param {number} status 0 for a network failure */
    constructor(message, status = 0) {
        super(message);
        this.name = "LoadError";
        this.status = status;
    }
}

/**
 * Fetches `url` as text.
 * @param {string} url
 * @param {AbortSignal} [signal]
 * @returns {Promise<string>}
 */
export async function loadText(url, signal) {
    let response;
    try {
        response = await fetch(url, { signal, credentials: "same-origin" });
    } catch (error) {
        if (error?.name === "AbortError") throw error;
        throw new LoadError("The lesson could not be reached over the network.");
    }
    if (!response.ok) throw new LoadError(`The server answered ${response.status} for a playlist.`, response.status);
    return response.text();
}

/**
 * Fetches `url` as bytes, reporting progress as it arrives.
 * @param {string} url
 * @param {{signal?: AbortSignal, onProgress?: (loaded: number, total: number) => void}} [options]
 * @returns {Promise<{bytes: Uint8Array, seconds: number}>} the body and the time from request to last byte
 */
export async function loadBytes(url, { signal, onProgress } = {}) {
    const started = performance.now();
    let response;
    try {
        response = await fetch(url, { signal, credentials: "same-origin" });
    } catch (error) {
        if (error?.name === "AbortError") throw error;
        throw new LoadError("A piece of the lesson could not be downloaded.");
    }
    if (!response.ok) throw new LoadError(`The server answered ${response.status} for a segment.`, response.status);
    const total = Number.parseInt(response.headers.get("Content-Length") ?? "", 10);
    const expected = Number.isFinite(total) && total > 0 ? total : 0;
    if (!response.body) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { bytes, seconds: (performance.now() - started) / 1000 };
    }
    const reader = response.body.getReader();
    const chunks = [];
    let loaded = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        onProgress?.(loaded, expected);
    }
    const bytes = new Uint8Array(loaded);
    let offset = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return { bytes, seconds: (performance.now() - started) / 1000 };
}
