// What was played, as events the server folds into intervals: `started` when playback begins,
// `progress` every ~10 s while it goes on, `paused`, `seeked` (with where from) and `ended`. Time
// with the tab hidden does not count: hiding the page reports `paused`, showing it again `started`,
// so the server credits nothing in between. Events are sent in batches: every ~10 s while playing,
// and at once on pause, seek, end and when the page is hidden or left (fetch keepalive, because
// sendBeacon cannot carry the X-CSRF-Token header).

import { EventQueue, uuid } from "./event-queue.js";

/** Seconds of playing between two `progress` events. */
const progressInterval = 10;

/** One page load's session, unless the page names one (`data-session`: the lesson page ties a class
 * screening's attendance form to the player's session that way). */
const pageSession = uuid();
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PlaybackReport {
    /**
     * @param {HTMLMediaElement} media
     * @param {{endpoint: string, csrf: string, item: number, classID: number|null, live: boolean,
     *          liveOffset?: number, session: string, rendition: () => string}} options `liveOffset`: on a live
     *          page, seconds into the period on air when the page was made; positions are reported from there
     *          (the live timeline starts at 0 where playback began), so they are seconds into the broadcast.
     */
    constructor(media, { endpoint, csrf, item, classID, live, liveOffset = 0, session, rendition }) {
        this.media = media;
        this.sessionID = uuidPattern.test(session) ? session.toLowerCase() : pageSession;
        this.queue = new EventQueue({ endpoint, csrf });
        this.item = item;
        this.classID = classID;
        this.live = live;
        this.offset = live && Number.isFinite(liveOffset) && liveOffset > 0 ? liveOffset : 0;
        this.rendition = rendition;
        this.playing = false;   // whether the server was last told "playing"
        this.hasStarted = false;
        this.stalls = 0;        // since the previous event
        this.totalStalls = 0;
        this.lastEventAt = 0;
        this.position = 0;      // the last position seen while not seeking
        this.seekFrom = null;
        this.listen();
        this.ticker = setInterval(() => this.tick(), 1000);
        this.queue.flush(); // events a previous page could not deliver
    }

    listen() {
        const media = this.media;
        media.addEventListener("playing", () => {
            this.hasStarted = true;
            if (!this.playing && document.visibilityState === "visible") this.record("started");
        });
        media.addEventListener("pause", () => {
            if (media.ended || !this.playing) return; // `ended` follows and says more
            this.record("paused");
        });
        media.addEventListener("ended", () => this.record("ended"));
        media.addEventListener("timeupdate", () => { if (!media.seeking) this.position = media.currentTime; });
        media.addEventListener("seeking", () => { this.seekFrom ??= this.position; });
        media.addEventListener("seeked", () => {
            const from = this.seekFrom ?? this.position;
            this.seekFrom = null;
            this.position = media.currentTime;
            if (this.hasStarted) this.record("seeked", { from });
        });
        media.addEventListener("waiting", () => {
            // A stall: playback wanted to go on and the buffer had nothing (a seek's wait is not one).
            if (!this.hasStarted || media.seeking || media.paused) return;
            this.stalls += 1;
            this.totalStalls += 1;
        });
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "hidden") {
                if (this.playing) this.record("paused", {}, { keepalive: true });
                else this.queue.flush({ keepalive: true });
            } else if (!media.paused && !media.ended && this.hasStarted) {
                this.record("started");
            }
        });
        globalThis.addEventListener("pagehide", () => {
            if (this.playing) this.record("paused", {}, { keepalive: true });
            else this.queue.flush({ keepalive: true });
        });
    }

    /** Every second: a `progress` event once ~10 s have played since the previous event. */
    tick() {
        if (!this.playing || this.media.paused || document.visibilityState !== "visible") return;
        if (performance.now() - this.lastEventAt >= progressInterval * 1000) this.record("progress");
    }

    /**
     * Queues one event and sends the queue.
     * @param {"started"|"progress"|"paused"|"seeked"|"ended"} kind
     */
    record(kind, extra = {}, { keepalive = false } = {}) {
        if (!(this.item > 0)) return;
        const seconds = (value) => (Number.isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : 0);
        const event = {
            event_id: uuid(),
            session_id: this.sessionID,
            item: this.item,
            kind,
            position: seconds(this.offset + (kind === "ended" ? this.media.duration : this.media.currentTime)),
            device_time: new Date().toISOString(),
            rendition: String(this.rendition() || "").slice(0, 32),
            stalls: this.stalls,
            live: this.live,
        };
        if (kind === "seeked") event.from = seconds(this.offset + extra.from);
        if (this.classID !== null) event.class_id = this.classID;
        this.stalls = 0;
        this.lastEventAt = performance.now();
        if (kind === "started" || kind === "progress") this.playing = true;
        if (kind === "paused" || kind === "ended") this.playing = false;
        this.queue.add(event);
        this.queue.flush({ keepalive });
    }
}
