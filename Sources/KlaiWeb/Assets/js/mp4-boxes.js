// The few fMP4 boxes (ISO/IEC 14496-12) the live player reads itself: a live channel's playlist has no
// master to name its codecs (RFC 8216 §4.3.4.2 CODECS), so they come from the init segment's sample
// entries; and after a discontinuity the next segment's start time (tfdt) says how far to shift it so
// the MSE timeline runs on without a hole or an overlap.

function u32(bytes, at) {
    return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
}

function u64(bytes, at) {
    return u32(bytes, at) * 2 ** 32 + u32(bytes, at + 4);
}

function fourCC(bytes, at) {
    return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** The boxes between `start` and `end`: {type, body (first byte after the header), end}. Stops at a malformed size. */
function* boxes(bytes, start = 0, end = bytes.length) {
    let at = start;
    while (at + 8 <= end) {
        let size = u32(bytes, at);
        let header = 8;
        if (size === 1) {
            if (at + 16 > end) return;
            size = u64(bytes, at + 8);
            header = 16;
        } else if (size === 0) {
            size = end - at;
        }
        if (size < header || at + size > end) return;
        yield { type: fourCC(bytes, at + 4), body: at + header, end: at + size };
        at += size;
    }
}

/** Every box reached by following `path` (box types, outermost first) from `parent`. */
function* descend(bytes, path, parent = { body: 0, end: bytes.length }) {
    if (path.length === 0) {
        yield parent;
        return;
    }
    for (const box of boxes(bytes, parent.body, parent.end)) {
        if (box.type === path[0]) yield* descend(bytes, path.slice(1), box);
    }
}

function hex(value) {
    return value.toString(16).padStart(2, "0");
}

/** `mp4a.40.<audio object type>` from an esds box's DecoderSpecificInfo (ISO/IEC 14496-1 §7.2.6), AAC-LC when unreadable. */
function aacCodec(bytes, esds) {
    let at = esds.body + 4; // version and flags
    const end = esds.end;
    // Walks the descriptors (tag, size in up to four 7-bit bytes) down to tag 5.
    while (at < end) {
        const tag = bytes[at];
        at += 1;
        let size = 0;
        for (let count = 0; count < 4 && at < end; count += 1) {
            const byte = bytes[at];
            at += 1;
            size = size * 128 + (byte & 0x7f);
            if ((byte & 0x80) === 0) break;
        }
        if (tag === 0x03) at += 3; // ES_Descriptor: ES_ID, flags (no optional fields in fMP4 from libavformat)
        else if (tag === 0x04) at += 13; // DecoderConfigDescriptor's fixed part
        else if (tag === 0x05) {
            const objectType = bytes[at] >> 3;
            return objectType > 0 ? `mp4a.40.${objectType}` : "mp4a.40.2";
        } else at += size;
    }
    return "mp4a.40.2";
}

/**
 * The RFC 6381 codec strings of an init segment's tracks (`avc1.64001e`, `mp4a.40.2`), video first.
 * @param {Uint8Array} bytes
 * @returns {string[]}
 */
export function codecsOf(bytes) {
    const codecs = [];
    for (const stsd of descend(bytes, ["moov", "trak", "mdia", "minf", "stbl", "stsd"])) {
        // stsd: version/flags, entry count, then sample entries.
        for (const entry of boxes(bytes, stsd.body + 8, stsd.end)) {
            if (entry.type === "avc1" || entry.type === "avc3") {
                // VisualSampleEntry's fixed fields take 78 bytes before its child boxes.
                for (const child of boxes(bytes, entry.body + 78, entry.end)) {
                    if (child.type === "avcC") {
                        const at = child.body;
                        codecs.unshift(`${entry.type}.${hex(bytes[at + 1])}${hex(bytes[at + 2])}${hex(bytes[at + 3])}`);
                    }
                }
            } else if (entry.type === "mp4a") {
                // AudioSampleEntry's fixed fields take 28 bytes.
                const esds = [...boxes(bytes, entry.body + 28, entry.end)].find((child) => child.type === "esds");
                codecs.push(esds ? aacCodec(bytes, esds) : "mp4a.40.2");
            }
        }
    }
    return codecs;
}

/**
 * Each track's timescale (ticks per second) in an init segment, by track id.
 * @param {Uint8Array} bytes
 * @returns {Map<number, number>}
 */
export function timescalesOf(bytes) {
    const scales = new Map();
    for (const trak of descend(bytes, ["moov", "trak"])) {
        const tkhd = [...descend(bytes, ["tkhd"], trak)][0];
        const mdhd = [...descend(bytes, ["mdia", "mdhd"], trak)][0];
        if (!tkhd || !mdhd) continue;
        const id = u32(bytes, tkhd.body + (bytes[tkhd.body] === 1 ? 20 : 12));
        const scale = u32(bytes, mdhd.body + (bytes[mdhd.body] === 1 ? 20 : 12));
        if (scale > 0) scales.set(id, scale);
    }
    return scales;
}

/**
 * When a media segment starts, in seconds: the earliest base media decode time (tfdt) of its tracks.
 * @param {Uint8Array} bytes
 * @param {Map<number, number>} timescales from `timescalesOf` on the segment's init segment
 * @returns {number|null} null when the segment carries no readable tfdt
 */
export function segmentStart(bytes, timescales) {
    let earliest = null;
    for (const traf of descend(bytes, ["moof", "traf"])) {
        const tfhd = [...descend(bytes, ["tfhd"], traf)][0];
        const tfdt = [...descend(bytes, ["tfdt"], traf)][0];
        if (!tfhd || !tfdt) continue;
        const scale = timescales.get(u32(bytes, tfhd.body + 4));
        if (!scale) continue;
        const ticks = bytes[tfdt.body] === 1 ? u64(bytes, tfdt.body + 4) : u32(bytes, tfdt.body + 4);
        const seconds = ticks / scale;
        if (earliest === null || seconds < earliest) earliest = seconds;
    }
    return earliest;
}
