// Klai's MSE engine: master → variant playlist → EXT-X-MAP init segment, then media segments in
// order, one append at a time, ~30 s ahead of the playhead. Loads are serialised (one download at a
// time across audio and video), so each download's rate is the link's rate and feeds the estimator.

import { BandwidthEstimator, chooseVariant } from "./abr.js";
import { LoadError, loadBytes, loadText } from "./loader.js";
import { codecsOf } from "./mp4-boxes.js";
import { parseMaster, parseMedia, segmentIndexAt } from "./playlist.js";
import { mimeType, planRenditions, trackKinds } from "./renditions.js";
import { MediaBuffer } from "./source-buffer.js";
import { loadSegment } from "./mse-segments.js";

/** Seconds of media kept buffered ahead of the playhead. */
export const bufferGoal = 30;
/** Holes in the buffer up to this many seconds are jumped rather than waited on. */
const maximumGap = 1;
/** A live channel starts this many segments before its live edge (RFC 8216 §6.3.3 asks for at least three). */
export const liveStartSegments = 3;
/** Longest wait between reloads of a live playlist that keeps failing. */
const longestReloadWait = 30;

/** The MediaSource class this browser has: MediaSource, or ManagedMediaSource (Safari on iPhone). */
export function mediaSourceClass() {
    return globalThis.MediaSource ?? globalThis.ManagedMediaSource ?? null;
}

/** Plays an HLS master playlist through Media Source Extensions. Events: `levels`, `levelchange`, `retrying`,
 * `recovered`, `abandoned`, `error`. */
export class MSEEngine extends EventTarget {
    /** @param {HTMLMediaElement} media @param {string} masterURL */
    constructor(media, masterURL) {
        super();
        this.media = media;
        this.masterURL = masterURL;
        this.estimator = new BandwidthEstimator();
        this.levels = [];
        this.level = -1;
        this.manualLevel = -1;
        this.levelCap = null;
        this.tracks = [];
        this.playlists = new Map();
        this.generation = 0;
        this.controllers = new Set();
        this.pending = { seek: false, flush: false };
        this.wakeUp = null;
        this.destroyed = false;
        this.appended = [];
        /** A live playlist (no EXT-X-ENDLIST): reloaded every target duration, played from near its edge. */
        this.live = false;
    }

    get name() { return "mse"; }

    /**
     * Loads the master and first playlists, opens the MediaSource and starts loading at `startTime`.
     * @param {number} startTime seconds
     * @param {string} preferred the name of a remembered rendition (`360p`), or "" for automatic
     */
    async start(startTime, preferred = "") {
        const Source = mediaSourceClass();
        if (!Source) throw new Error("This browser has no Media Source Extensions.");
        const plan = planRenditions(parseMaster(await loadText(this.masterURL), this.masterURL));
        this.plan = plan;
        this.levels = plan.levels;
        this.manualLevel = this.levels.findIndex((level) => level.name === preferred);
        this.level = this.manualLevel >= 0 ? this.manualLevel : 0; // start low: the estimate comes from real segments
        const first = this.levels[this.level];
        // A lone media playlist (a live channel) names no CODECS: its init segment says what it carries.
        if (first.codecs.length === 0) await this.learnCodecs(first);
        const kinds = trackKinds(plan);
        for (const kind of kinds) {
            const type = mimeType(first, kind, plan.audioOnly);
            if (!Source.isTypeSupported(type)) throw new Error(`This browser cannot play ${type}.`);
        }
        const source = new Source();
        this.mediaSource = source;
        if (Source !== globalThis.MediaSource) this.media.disableRemotePlayback = true;
        const opened = new Promise((resolve, reject) => {
            source.addEventListener("sourceopen", resolve, { once: true });
            setTimeout(() => reject(new Error("The browser did not open a MediaSource.")), 15000);
        });
        this.media.src = URL.createObjectURL(source);
        await opened;
        URL.revokeObjectURL(this.media.src);
        this.tracks = kinds.map((kind) => ({
            kind, buffer: new MediaBuffer(source, this.media, mimeType(first, kind, plan.audioOnly)),
            url: null, playlist: null, nextIndex: 0, resumeAt: startTime, initURI: null,
        }));
        const durations = await Promise.all(this.tracks.map(async (track) => {
            await this.usePlaylist(track, this.playlistURL(track, this.level));
            return track.playlist.duration;
        }));
        this.live = this.tracks.some((track) => !track.playlist.ended);
        if (this.live) {
            // No end to declare; the controls show "สด" instead of a position bar.
            source.duration = Number.POSITIVE_INFINITY;
            for (const track of this.tracks) {
                track.nextIndex = Math.max(0, track.playlist.segments.length - liveStartSegments);
            }
            this.reloadLive();
        } else {
            source.duration = Math.max(...durations);
            if (startTime > 0) this.media.currentTime = Math.min(startTime, source.duration - 1);
        }
        this.onSeeking = () => { this.pending.seek = true; this.interrupt(); };
        this.media.addEventListener("seeking", this.onSeeking);
        this.gapTimer = setInterval(() => this.skipGap(), 250);
        this.dispatchEvent(new CustomEvent("levels"));
        this.run();
    }

    /** Chooses a rendition: an index into `levels`, or -1 for automatic. */
    setLevel(index) {
        this.manualLevel = index >= 0 && index < this.levels.length ? index : -1;
        if (this.manualLevel >= 0 && this.manualLevel !== this.level) {
            this.pending.flush = true;
            this.interrupt();
        }
    }

    /** The name of the rendition playing at the playhead (`360p`), for reports. */
    get rendition() {
        if (this.live) return this.media.videoHeight > 0 ? `${this.media.videoHeight}p` : "live";
        const time = this.media.currentTime;
        const playing = this.appended.find((piece) => time >= piece.start - 0.1 && time < piece.end);
        const level = this.levels[playing ? playing.level : this.level];
        return level ? level.name : "";
    }

    destroy() {
        this.destroyed = true;
        this.interrupt();
        if (this.onSeeking) this.media.removeEventListener("seeking", this.onSeeking);
        clearInterval(this.gapTimer);
        clearTimeout(this.reloadTimer);
    }

    /** Sets a level's CODECS from the init segment its playlist starts with. */
    async learnCodecs(level) {
        const playlist = parseMedia(await loadText(level.uri), level.uri);
        this.playlists.set(level.uri, playlist);
        const start = playlist.segments[Math.max(0, playlist.segments.length - liveStartSegments)];
        const initURI = start?.initURI ?? playlist.initURI;
        if (!initURI) throw new Error("The stream has no init segment (EXT-X-MAP), so its codecs are unknown.");
        const { bytes } = await loadBytes(initURI);
        level.codecs = codecsOf(bytes);
        if (level.codecs.length === 0) throw new Error("The stream's init segment names no codec this player knows.");
    }

    /**
     * Reloads each live track's playlist every target duration (RFC 8216 §6.3.4), continuing from the
     * segment after the last one appended, by media sequence number. A failed reload waits twice as long
     * each time (up to 30 s) while the player plays what it has.
     */
    reloadLive(failures = 0) {
        const target = Math.max(1, ...this.tracks.map((track) => track.playlist?.targetDuration || 0));
        const wait = failures === 0 ? target : Math.min(target * 2 ** failures, longestReloadWait);
        this.reloadTimer = setTimeout(async () => {
            if (this.destroyed) return;
            try {
                for (const track of this.tracks) {
                    const playlist = parseMedia(await loadText(track.url), track.url);
                    if (this.destroyed) return;
                    this.followLive(track, playlist);
                }
                if (failures > 0) this.dispatchEvent(new CustomEvent("recovered"));
                this.wakeUp?.();
                this.reloadLive(0);
            } catch (error) {
                if (this.destroyed) return;
                this.dispatchEvent(new CustomEvent("retrying", { detail: error }));
                this.reloadLive(failures + 1);
            }
        }, wait * 1000);
    }

    /**
     * Makes a reloaded live playlist the track's, pointing at the segment after the last appended. When
     * that segment has already left the window (the player fell behind), or the relay started again
     * with new numbers, it goes on from `liveStartSegments` before the edge; `loadSegment` then shifts
     * the timeline so the buffer continues without a hole.
     */
    followLive(track, playlist) {
        const segments = playlist.segments;
        // The segment to load next, by number: the one after the last appended, else the one chosen to start at.
        const wanted = track.lastSequence !== undefined ? track.lastSequence + 1
            : (track.playlist?.segments[track.nextIndex]?.sequence ?? null);
        let index = wanted === null ? Math.max(0, segments.length - liveStartSegments)
            : segments.findIndex((segment) => segment.sequence === wanted);
        if (index < 0) {
            const newest = segments.at(-1)?.sequence ?? -1;
            // Everything listed is older than what was appended: nothing new yet (unless the relay restarted).
            const restarted = wanted !== null && newest + liveStartSegments < wanted - 1;
            index = newest < wanted && !restarted ? segments.length : Math.max(0, segments.length - liveStartSegments);
        }
        track.playlist = playlist;
        track.nextIndex = index;
        this.playlists.set(track.url, playlist);
    }

    /**
     * Jumps a playhead stuck before a small hole in the buffer (audio and video segments rarely
     * start at exactly the same time, and a segment's first frame may start a few ms late).
     */
    skipGap() {
        const media = this.media;
        if (media.paused || media.seeking || media.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) return;
        const time = media.currentTime;
        const ranges = media.buffered;
        for (let index = 0; index < ranges.length; index += 1) {
            const start = ranges.start(index);
            if (start > time && start - time <= maximumGap) {
                media.currentTime = start + 0.01;
                return;
            }
        }
    }

    /** Aborts downloads in flight and wakes the loop, which then handles `pending` work first. */
    interrupt() {
        this.generation += 1;
        for (const controller of this.controllers) controller.abort();
        this.controllers.clear();
        this.wakeUp?.();
    }

    /** The loading loop: one segment at a time for whichever track has the least buffered ahead. */
    async run() {
        let failures = 0;
        while (!this.destroyed) {
            try {
                if (this.pending.flush) await this.flushAhead();
                if (this.pending.seek) this.reposition();
                const track = this.nextTrack();
                if (!track) {
                    this.endIfComplete();
                    await this.idle(250);
                    continue;
                }
                await loadSegment(this, track);
                if (failures > 0) this.dispatchEvent(new CustomEvent("recovered"));
                failures = 0;
            } catch (error) {
                if (this.destroyed) return;
                if (error?.name === "AbortError") continue;
                failures += 1;
                // A school network drops out now and then: keep trying network failures, slower each time.
                if (error instanceof LoadError && (error.status === 0 || error.status >= 500 || error.status === 429)) {
                    this.dispatchEvent(new CustomEvent("retrying", { detail: error }));
                    await this.idle(Math.min(1000 * 2 ** failures, 15000));
                    continue;
                }
                this.dispatchEvent(new CustomEvent("error", { detail: error }));
                return;
            }
        }
    }

    /** Waits `milliseconds`, or less when something calls `interrupt()`. */
    idle(milliseconds) {
        return new Promise((resolve) => {
            const timer = setTimeout(done, milliseconds);
            function done() { clearTimeout(timer); resolve(); }
            this.wakeUp = done;
        });
    }

    /** The track whose buffer ahead is shortest and below the goal, or null when all have enough. */
    nextTrack() {
        const time = this.media.currentTime;
        let best = null;
        let bestEnd = Number.POSITIVE_INFINITY;
        for (const track of this.tracks) {
            if (track.playlist && track.nextIndex >= track.playlist.segments.length) continue;
            const end = track.buffer.endOfRangeAt(time) ?? time;
            if (end - time >= bufferGoal || end >= bestEnd) continue;
            best = track;
            bestEnd = end;
        }
        return best;
    }

    /** After a seek: continue each track from the end of what it holds at the playhead, or from the playhead. */
    reposition() {
        this.pending.seek = false;
        if (this.live) return; // a live stream goes on appending in order; only what is buffered can be sought
        const time = this.media.currentTime;
        for (const track of this.tracks) {
            const segments = track.playlist.segments;
            const end = track.buffer.endOfRangeAt(time, 0.1);
            track.nextIndex = end === null ? segmentIndexAt(segments, time)
                                           : Math.min(segmentIndexAt(segments, end - 0.2) + 1, segments.length);
        }
    }

    /**
     * A manual rendition change: drop the video buffered from halfway into the next segment and load
     * that segment again in the new rendition. Cutting exactly at a segment boundary would also take
     * the previous segment's last frames (B-frames that reference the frame after the cut), leaving a
     * hole Chromium's decoder stalls in; the new segment starts with a keyframe and its append replaces
     * the old half segment cleanly (MSE §3.5.8 coded frame processing), as hls.js's nextLevelSwitch does.
     */
    async flushAhead() {
        this.pending.flush = false;
        const time = this.media.currentTime;
        for (const track of this.tracks.filter((candidate) => candidate.kind !== "audio")) {
            const segments = track.playlist.segments;
            let index = segmentIndexAt(segments, time) + 1;
            if (index < segments.length && segments[index].start - time < 1) index += 1;
            if (index >= segments.length) continue;
            const cut = segments[index].start + segments[index].duration / 2;
            await track.buffer.removeFrom(cut);
            track.nextIndex = Math.min(track.nextIndex, index);
            this.appended = this.appended.filter((piece) => piece.start < segments[index].start);
        }
    }

    /** The rendition to load next for video: the manual choice, else the estimator's. */
    chooseLevel() {
        if (this.manualLevel >= 0) return this.manualLevel;
        let next = chooseVariant(this.levels, this.estimator.estimate, this.level);
        if (this.levelCap !== null) next = Math.min(next, this.levelCap);
        this.levelCap = null;
        return next;
    }

    /** The playlist a track reads for a rendition. */
    playlistURL(track, level) {
        return track.kind === "audio" ? this.levels[level].audioURI : this.levels[level].uri;
    }

    /** Makes `url` the track's playlist, continuing at the same media time when it replaces another. */
    async usePlaylist(track, url) {
        if (track.url === url) return;
        let playlist = this.playlists.get(url);
        if (!playlist) {
            const generation = this.generation;
            playlist = parseMedia(await loadText(url), url);
            if (playlist.segments.length === 0) throw new Error("A rendition of the lesson has no segments.");
            this.playlists.set(url, playlist);
            if (generation !== this.generation) throw new DOMException("interrupted", "AbortError");
        }
        const segments = track.playlist?.segments;
        const time = track.playlist ? (segments[track.nextIndex]?.start ?? track.playlist.duration) : track.resumeAt;
        track.nextIndex = segmentIndexAt(playlist.segments, time + 0.1);
        track.url = url;
        track.playlist = playlist;
    }

    /** Declares the end of the stream once every track holds its last segment (MSE §2.4.6). */
    endIfComplete() {
        const source = this.mediaSource;
        if (!source || source.readyState !== "open" || this.live) return;
        if (this.tracks.some((track) => track.buffer.buffer.updating
            || track.nextIndex < track.playlist.segments.length)) return;
        source.endOfStream();
    }
}
