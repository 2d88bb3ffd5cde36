// One SourceBuffer, driven one operation at a time (an append or remove must finish, `updateend`,
// before the next starts: W3C Media Source Extensions §3.2), with the back buffer evicted when the
// browser refuses an append for lack of room (QuotaExceededError, MSE §3.5.4 "coded frame eviction").

/** Seconds of already-played media kept behind the playhead when room must be made. */
const keptBehind = 10;
/** Played media older than this is removed without waiting for the browser to run out of room. */
const longestBackBuffer = 90;

export class MediaBuffer {
    /**
     * @param {MediaSource} mediaSource
     * @param {HTMLMediaElement} media
     * @param {string} mimeType e.g. `video/mp4; codecs="avc1.640029"`
     */
    constructor(mediaSource, media, mimeType) {
        this.mediaSource = mediaSource;
        this.media = media;
        this.mimeType = mimeType;
        this.buffer = mediaSource.addSourceBuffer(mimeType);
    }

    /** Runs one operation and waits for its `updateend` (or fails on `error`). */
    run(operation) {
        return new Promise((resolve, reject) => {
            const done = () => { cleanup(); resolve(); };
            const failed = () => {
                cleanup();
                reject(new Error("The browser could not decode a piece of the lesson."));
            };
            const cleanup = () => {
                this.buffer.removeEventListener("updateend", done);
                this.buffer.removeEventListener("error", failed);
            };
            this.buffer.addEventListener("updateend", done);
            this.buffer.addEventListener("error", failed);
            try {
                operation(this.buffer);
            } catch (error) {
                cleanup();
                reject(error);
            }
        });
    }

    /** Switches to another codec string of the same container (a rendition with another profile). */
    changeType(mimeType) {
        if (mimeType === this.mimeType) return;
        if (typeof this.buffer.changeType === "function") this.buffer.changeType(mimeType);
        this.mimeType = mimeType;
    }

    /**
     * Appends bytes; when the browser is out of room, removes played media and tries again.
     * @param {Uint8Array} bytes
     */
    async append(bytes) {
        for (let attempt = 0; ; attempt += 1) {
            try {
                await this.run((buffer) => buffer.appendBuffer(bytes));
                break;
            } catch (error) {
                if (error?.name !== "QuotaExceededError" || attempt >= 3) throw error;
                const evicted = await this.evictBehind(Math.max(1, keptBehind / (attempt + 1)));
                // Nothing left to evict: the buffer ahead is full; wait for playback to consume some.
                if (!evicted) await new Promise((resolve) => setTimeout(resolve, 1000));
            }
        }
        if (this.media.currentTime - this.bufferedStart() > longestBackBuffer) {
            await this.evictBehind(longestBackBuffer / 3);
        }
    }

    /** Removes media ending `keep` seconds before the playhead; true when there was some. */
    async evictBehind(keep) {
        const end = this.media.currentTime - keep;
        if (!(end > this.bufferedStart())) return false;
        await this.run((buffer) => buffer.remove(0, end));
        return true;
    }

    /** Removes everything from `start` on (a manual quality change replaces what is buffered ahead). */
    async removeFrom(start) {
        if (!(this.bufferedEnd() > start)) return;
        await this.run((buffer) => buffer.remove(start, Number.POSITIVE_INFINITY));
    }

    bufferedStart() {
        const ranges = this.buffer.buffered;
        return ranges.length > 0 ? ranges.start(0) : 0;
    }

    bufferedEnd() {
        const ranges = this.buffer.buffered;
        return ranges.length > 0 ? ranges.end(ranges.length - 1) : 0;
    }

    /**
     * The end of the buffered range holding `time` (a gap up to `tolerance` seconds counts as held),
     * or null when `time` is not buffered.
     */
    endOfRangeAt(time, tolerance = 0.3) {
        const ranges = this.buffer.buffered;
        for (let index = 0; index < ranges.length; index += 1) {
            if (time >= ranges.start(index) - tolerance && time <= ranges.end(index) + tolerance) {
                return ranges.end(index);
            }
        }
        return null;
    }
}
