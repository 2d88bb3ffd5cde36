// The browser's own HLS playback (Safari, iPhone): the master playlist is given to the <video>
// element as its source. Used where there are no Media Source Extensions, and as the fallback
// when they fail. Chromium answers "maybe" to the HLS MIME type and has had regressions in its
// own HLS player (hls.js issue 7827), so it is never preferred when MSE exists.

const hlsType = "application/vnd.apple.mpegurl";

/** Plays an HLS master playlist natively. Events: `levels`, `error`. */
export class NativeEngine extends EventTarget {
    /** @param {HTMLMediaElement} media @param {string} masterURL */
    constructor(media, masterURL) {
        super();
        this.media = media;
        this.masterURL = masterURL;
        this.levels = [];
        this.plan = null;
        this.onError = () => {
            const code = this.media.error?.code ?? 0;
            this.dispatchEvent(new CustomEvent("error", {
                detail: new Error(`The browser's own HLS player failed (media error ${code}).`),
            }));
        };
    }

    get name() { return "native"; }

    /** Whether this browser says it can play HLS at all. */
    static isAvailable(media) {
        return media.canPlayType(hlsType) !== "";
    }

    /**
     * Points the media element at the master playlist. Synchronous up to the first `await`, so a
     * `play()` right after it still counts as part of the person's tap (iOS requires that).
     * @param {number} startTime seconds
     */
    async start(startTime) {
        if (!NativeEngine.isAvailable(this.media)) throw new Error("This browser cannot play HLS by itself.");
        this.media.addEventListener("error", this.onError);
        this.media.preload = "auto";
        this.media.src = this.masterURL;
        if (startTime > 0) {
            // Setting currentTime before metadata arrives is remembered as the default playback start.
            this.media.currentTime = startTime;
        }
        this.dispatchEvent(new CustomEvent("levels"));
    }

    setLevel() {}

    /** The picture height the browser chose, as a rendition name (`360p`), or "audio". */
    get rendition() {
        const height = this.media.videoHeight;
        return height > 0 ? `${height}p` : (this.media.readyState > 0 ? "audio" : "");
    }

    destroy() {
        this.media.removeEventListener("error", this.onError);
        this.media.removeAttribute("src");
        this.media.load();
    }
}
