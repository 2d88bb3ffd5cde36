// Klai's HLS playlist reader: the master playlist (variants and EXT-X-MEDIA audio renditions) and
// media playlists (EXT-X-MAP, EXTINF segments) as RFC 8216 §4 defines them. Only what Klai's player
// needs is read; unknown tags are skipped, as §4.1 asks of clients.

/**
 * Resolves `uri` against the playlist it came from and carries the page's signed-URL query.
 * A lesson page may hand out `master.m3u8?exp=…&sig=…`; every playlist and segment the player
 * derives from it must carry the same query or the server refuses it, so a relative URI that has
 * no query of its own gets the master's.
 * @param {string} uri the URI as written in the playlist
 * @param {string} base the absolute URL of the playlist holding it
 * @param {string} query the master's query, with its leading `?`, or ""
 * @returns {string}
 */
export function resolveURI(uri, base, query) {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("//");
    const url = new URL(uri, base);
    if (!absolute && query && url.search === "") url.search = query;
    return url.href;
}

/**
 * Splits an attribute list (RFC 8216 §4.2): NAME=value pairs separated by commas, where a
 * quoted string may itself hold commas.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseAttributes(text) {
    const attributes = {};
    const pattern = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
    for (const match of text.matchAll(pattern)) {
        const value = match[2];
        attributes[match[1]] = value.startsWith('"') ? value.slice(1, -1) : value;
    }
    return attributes;
}

/** Lines of a playlist, or an error sentence when it is not one (§4.3.1.1: must begin with #EXTM3U). */
function linesOf(text) {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
    if (lines[0] !== "#EXTM3U") throw new Error("The lesson's playlist is not an HLS playlist (no #EXTM3U).");
    return lines;
}

/** A finite, non-negative number from text, or `fallback`. */
function number(text, fallback = 0) {
    const value = Number.parseFloat(text ?? "");
    return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Reads a master playlist. A media playlist given in its place becomes one variant, so a lesson
 * published as a single rendition still plays.
 * @param {string} text
 * @param {string} url the playlist's absolute URL (with its query)
 * @returns {{variants: object[], audioGroups: Record<string, object[]>}}
 */
export function parseMaster(text, url) {
    const lines = linesOf(text);
    const query = new URL(url).search;
    const variants = [];
    const audioGroups = {};
    if (lines.some((line) => line.startsWith("#EXTINF:"))) {
        variants.push({ uri: url, bandwidth: 0, averageBandwidth: 0, codecs: [], width: 0, height: 0,
                        audioGroup: null, name: "auto" });
        return { variants, audioGroups };
    }
    for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index];
        if (line.startsWith("#EXT-X-MEDIA:")) {
            const a = parseAttributes(line.slice("#EXT-X-MEDIA:".length));
            if (a.TYPE !== "AUDIO" || !a["GROUP-ID"]) continue;
            // §4.3.4.1: without a URI the audio of this rendition is inside the variant's segments.
            const rendition = { name: a.NAME ?? "audio", isDefault: a.DEFAULT === "YES",
                                uri: a.URI ? resolveURI(a.URI, url, query) : null };
            if (!audioGroups[a["GROUP-ID"]]) audioGroups[a["GROUP-ID"]] = [];
            audioGroups[a["GROUP-ID"]].push(rendition);
        } else if (line.startsWith("#EXT-X-STREAM-INF:")) {
            const a = parseAttributes(line.slice("#EXT-X-STREAM-INF:".length));
            const uriLine = lines.slice(index + 1).find((next) => !next.startsWith("#"));
            if (uriLine === undefined) break;
            const [width, height] = (a.RESOLUTION ?? "").split("x").map((part) => number(part));
            variants.push({
                uri: resolveURI(uriLine, url, query),
                bandwidth: number(a.BANDWIDTH),
                averageBandwidth: number(a["AVERAGE-BANDWIDTH"], number(a.BANDWIDTH)),
                codecs: (a.CODECS ?? "").split(",").map((codec) => codec.trim()).filter((codec) => codec !== ""),
                width: width ?? 0,
                height: height ?? 0,
                audioGroup: a.AUDIO ?? null,
                name: renditionName(uriLine, height ?? 0),
            });
        }
    }
    if (variants.length === 0) throw new Error("The lesson's playlist lists no renditions.");
    return { variants, audioGroups };
}

/** A short rendition label for reports and the quality menu: `360p` from the height, else the folder. */
function renditionName(uri, height) {
    if (height > 0) return `${height}p`;
    const folder = uri.split("?")[0].split("/").slice(-2, -1)[0];
    return (folder || "audio").slice(0, 32);
}

/**
 * Reads a media playlist: init segments (EXT-X-MAP, §4.3.2.5) and segments with start times. A live
 * playlist (no EXT-X-ENDLIST, §6.2.2) also gives each segment its media sequence number (§4.3.3.2),
 * whether a discontinuity comes before it (§4.3.2.3), and the init segment it needs: after a
 * discontinuity Klai's relay names a new one.
 * @param {string} text
 * @param {string} url the playlist's absolute URL (with its query)
 * @returns {{initURI: string|null, segments: {uri: string, start: number, duration: number, sequence: number,
 *            discontinuity: boolean, initURI: string|null}[], duration: number, ended: boolean,
 *            targetDuration: number}}
 */
export function parseMedia(text, url) {
    const lines = linesOf(text);
    const query = new URL(url).search;
    const segments = [];
    let firstInit = null;
    let initURI = null;
    let start = 0;
    let pendingDuration = null;
    let discontinuity = false;
    let sequence = 0;
    let targetDuration = 0;
    let ended = false;
    for (const line of lines) {
        if (line.startsWith("#EXT-X-MAP:")) {
            const a = parseAttributes(line.slice("#EXT-X-MAP:".length));
            if (a.URI) initURI = resolveURI(a.URI, url, query);
            firstInit ??= initURI;
        } else if (line.startsWith("#EXTINF:")) {
            pendingDuration = number(line.slice("#EXTINF:".length).split(",")[0]);
        } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
            sequence = Math.floor(number(line.slice("#EXT-X-MEDIA-SEQUENCE:".length)));
        } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
            targetDuration = number(line.slice("#EXT-X-TARGETDURATION:".length));
        } else if (line === "#EXT-X-DISCONTINUITY") {
            discontinuity = true;
        } else if (line === "#EXT-X-ENDLIST") {
            ended = true;
        } else if (!line.startsWith("#") && pendingDuration !== null) {
            segments.push({ uri: resolveURI(line, url, query), start, duration: pendingDuration, sequence, discontinuity,
                            initURI });
            start += pendingDuration;
            sequence += 1;
            pendingDuration = null;
            discontinuity = false;
        }
    }
    return { initURI: firstInit, segments, duration: start, ended, targetDuration };
}

/**
 * The index of the segment holding `time`, or the last one when `time` is at or past the end.
 * @param {{start: number, duration: number}[]} segments
 * @param {number} time
 */
export function segmentIndexAt(segments, time) {
    for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index];
        if (time < segment.start + segment.duration - 0.05) return index;
    }
    return Math.max(0, segments.length - 1);
}
