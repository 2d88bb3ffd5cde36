// Loading one segment for the MSE engine: its rendition's init segment when it changes, then the
// segment itself, measured for the bandwidth estimate and abandoned (hls.js's "emergency switch
// down") when it cannot arrive before the buffer runs dry.

import { shouldAbandon } from "./abr.js";
import { loadBytes } from "./loader.js";
import { segmentStart, timescalesOf } from "./mp4-boxes.js";
import { mimeType } from "./renditions.js";

/** How many appended pieces are remembered to name the rendition at the playhead. */
const rememberedPieces = 64;

/**
 * Loads and appends the next segment of `track`.
 * @param {import("./mse-engine.js").MSEEngine} engine
 * @param {object} track
 */
export async function loadSegment(engine, track) {
    const generation = engine.generation;
    const isVideo = track.kind !== "audio";
    const level = isVideo ? engine.chooseLevel() : engine.level;
    await engine.usePlaylist(track, engine.playlistURL(track, level));
    if (isVideo && level !== engine.level) {
        engine.level = level;
        engine.dispatchEvent(new CustomEvent("levelchange"));
    }
    const playlist = track.playlist;
    const segment = playlist.segments[track.nextIndex];
    if (!segment) return;
    // A live playlist names a new init segment after each discontinuity; a VOD one has one for all.
    const initURI = segment.initURI ?? playlist.initURI;
    if (initURI && track.initURI !== initURI) {
        const { bytes } = await download(engine, initURI);
        track.buffer.changeType(mimeType(engine.levels[level], track.kind, engine.plan.audioOnly));
        await track.buffer.append(bytes);
        track.initURI = initURI;
        if (engine.live) track.timescales = timescalesOf(bytes);
        if (generation !== engine.generation) return;
    }
    const watched = isVideo && engine.manualLevel < 0 && level > 0;
    let result;
    try {
        result = await download(engine, segment.uri, watched ? { level, segment } : null);
    } catch (error) {
        if (error?.abandoned) {
            // Lower the estimate at once with what the slow download showed, and retry this segment lower.
            engine.estimator.sample(Math.max(error.loaded, 4096), error.seconds);
            engine.levelCap = Math.max(0, level - 1);
            engine.dispatchEvent(new CustomEvent("abandoned", { detail: { level } }));
            return;
        }
        throw error;
    }
    engine.estimator.sample(result.bytes.byteLength, result.seconds);
    if (generation !== engine.generation) return;
    if (engine.live) continueTimeline(track, segment, result.bytes);
    await track.buffer.append(result.bytes);
    if (generation !== engine.generation) return;
    if (isVideo) {
        engine.appended.push({ start: segment.start, end: segment.start + segment.duration, level });
        if (engine.appended.length > rememberedPieces) engine.appended.shift();
    }
    track.nextIndex += 1;
    track.lastSequence = segment.sequence;
}

/**
 * Live: the first segment, one after a discontinuity (the relay reconnected: new timestamps) and one
 * after skipped segments are shifted (`timestampOffset`, MSE §3.1) to start where the buffer ends, so
 * the media timeline runs on from 0 without a hole the player would stop at or an overlap that would
 * replace what is playing. Segments in sequence keep the offset: their timestamps already follow on.
 */
function continueTimeline(track, segment, bytes) {
    const following = track.lastSequence !== undefined && segment.sequence === track.lastSequence + 1;
    if (following && !segment.discontinuity) return;
    const start = segmentStart(bytes, track.timescales ?? new Map());
    if (start === null) return;
    const end = track.buffer.bufferedEnd();
    track.buffer.buffer.timestampOffset = end - start;
}

/** Seconds of media buffered ahead of the playhead in every track (the least of them). */
function bufferAhead(engine) {
    const time = engine.media.currentTime;
    return Math.min(...engine.tracks.map((track) => (track.buffer.endOfRangeAt(time) ?? time) - time));
}

/**
 * Downloads `url` with an abort controller the engine can trip (seek, manual change); when `watch`
 * names the rendition and segment, checks five times a second whether to abandon it.
 */
async function download(engine, url, watch = null) {
    const controller = new AbortController();
    engine.controllers.add(controller);
    const started = performance.now();
    let loaded = 0;
    let total = 0;
    let abandoned = false;
    const timer = watch === null ? null : setInterval(() => {
        if (engine.media.paused) return;
        const { level, segment } = watch;
        const expected = total > 0 ? total : (engine.levels[level].bandwidth * segment.duration) / 8;
        const decision = shouldAbandon({
            loaded, total: expected, elapsed: (performance.now() - started) / 1000,
            bufferAhead: bufferAhead(engine), lowestBytes: (engine.levels[0].bandwidth * segment.duration) / 8,
        });
        if (decision) {
            abandoned = true;
            controller.abort();
        }
    }, 200);
    try {
        return await loadBytes(url, {
            signal: controller.signal,
            onProgress: (bytes, size) => { loaded = bytes; total = size; },
        });
    } catch (error) {
        if (abandoned) {
            const failure = new DOMException("abandoned for a lower rendition", "AbortError");
            throw Object.assign(failure, { abandoned: true, loaded, seconds: (performance.now() - started) / 1000 });
        }
        throw error;
    } finally {
        if (timer !== null) clearInterval(timer);
        engine.controllers.delete(controller);
    }
}
