// The queue of playback events on their way to POST /api/events. It lives in localStorage, so
// events made while the school's network or the server is down survive a closed tab and go out
// with the next page that plays a lesson. Every event has its own id and the server ignores one it
// already holds, so sending again after a lost answer is safe; an event the server answered for is
// forgotten and never sent again.

const storageKey = "klai.player.events";
/** Oldest events are dropped past this, so a device offline for weeks cannot fill its storage. */
const mostQueued = 5000;
/** Events per request; under `keepalive` the body must stay below the browser's 64 KiB limit. */
const batchSize = 200;
const keepaliveBatchSize = 40;
const longestBackoff = 30_000;

/** A random UUID v4 from `crypto.getRandomValues` (`randomUUID` is missing on plain-HTTP school LANs). */
export function uuid() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // RFC 9562 §5.4: version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // and the RFC variant
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Milliseconds a Retry-After header asks to wait (RFC 9110 §10.2.3: seconds or an HTTP date), or null.
 * @param {string|null} header
 */
export function retryAfter(header, now = Date.now()) {
    if (!header) return null;
    if (/^\d+$/.test(header.trim())) return Math.min(Number(header.trim()), 3600) * 1000;
    const date = Date.parse(header);
    return Number.isFinite(date) ? Math.min(Math.max(0, date - now), 3_600_000) : null;
}

export class EventQueue {
    /** @param {{endpoint: string, csrf: string}} options */
    constructor({ endpoint, csrf }) {
        this.endpoint = endpoint;
        this.csrf = csrf;
        this.memory = [];
        this.sending = false;
        this.failures = 0;
        this.retryAt = 0;
        this.timer = null;
        globalThis.addEventListener?.("online", () => { this.retryAt = 0; this.flush(); });
    }

    /** Everything queued, oldest first (another tab's events included: they share the storage). */
    read() {
        try {
            const stored = JSON.parse(localStorage.getItem(storageKey) ?? "[]");
            return Array.isArray(stored) ? stored : [];
        } catch {
            return this.memory;
        }
    }

    write(events) {
        this.memory = events.slice(-mostQueued);
        try {
            localStorage.setItem(storageKey, JSON.stringify(this.memory));
        } catch {
            // Storage full or disabled (private browsing): the events still go out from memory.
        }
    }

    /** Adds an event; it stays queued until the server has answered for it. */
    add(event) {
        this.write([...this.read(), event]);
    }

    /** Removes the events with these ids (read again first: another tab may have added some). */
    forget(ids) {
        const sent = new Set(ids);
        this.write(this.read().filter((event) => !sent.has(event.event_id)));
    }

    /**
     * Sends queued events. With `keepalive` the request outlives the page (pagehide); the answer
     * may then never be read, and the events are sent again by a later page, which the server counts
     * as duplicates.
     * @param {{keepalive?: boolean}} [options]
     */
    async flush({ keepalive = false } = {}) {
        // A page being hidden sends even while another request is out: it may be the last chance.
        if (!keepalive && (this.sending || Date.now() < this.retryAt)) return;
        const batch = this.read().slice(0, keepalive ? keepaliveBatchSize : batchSize);
        if (batch.length === 0) return;
        if (!keepalive) this.sending = true;
        let delay = null;
        try {
            const response = await fetch(this.endpoint, {
                method: "POST",
                credentials: "same-origin",
                keepalive,
                headers: { "Content-Type": "application/json", "X-CSRF-Token": this.csrf },
                body: JSON.stringify({ events: batch }),
            });
            delay = this.handle(response, batch);
        } catch {
            delay = this.backoff(); // offline, or the server is down
        } finally {
            if (!keepalive) this.sending = false;
        }
        this.schedule(delay);
    }

    /** What an answer means for the batch; returns when to try again (ms), or null. */
    handle(response, batch) {
        if (response.ok) {
            // Accepted, duplicates and rejected alike: the server has answered for every event sent.
            this.forget(batch.map((event) => event.event_id));
            this.failures = 0;
            this.retryAt = 0;
            return this.read().length > 0 ? 0 : null;
        }
        if (response.status === 401 || response.status === 403) {
            // Signed out, or an old page's token: keep everything for when the person signs in again.
            return 60_000;
        }
        if (response.status === 429 || response.status >= 500) {
            return retryAfter(response.headers.get("Retry-After")) ?? this.backoff();
        }
        // 400, 413, 422: this batch can never be accepted as it is; sending it again would block the rest.
        console.warn(`Klai player: the server refused ${batch.length} playback events (${response.status}).`);
        this.forget(batch.map((event) => event.event_id));
        return 0;
    }

    backoff() {
        this.failures += 1;
        return Math.min(1000 * 2 ** (this.failures - 1), longestBackoff);
    }

    schedule(delay) {
        clearTimeout(this.timer);
        if (delay === null) return;
        this.retryAt = Date.now() + delay;
        this.timer = setTimeout(() => { this.retryAt = 0; this.flush(); }, delay);
    }
}
