// Which renditions a master playlist offers the MSE engine and how their media reaches the browser:
// one SourceBuffer when audio is inside the variant's segments (or there is no video), two (video,
// audio) when the variant names an EXT-X-MEDIA audio group with its own playlist (RFC 8216 §4.3.4.2.1).

const audioCodec = /^(mp4a|ac-3|ec-3|opus|flac|mp3|alac)/i;

/** True when a variant carries no pictures (its CODECS name only audio, or it has no RESOLUTION and no CODECS). */
function isAudioOnly(variant) {
    if (variant.codecs.length > 0) return variant.codecs.every((codec) => audioCodec.test(codec));
    return variant.height === 0 && variant.width === 0 && variant.bandwidth > 0 && variant.bandwidth < 200_000;
}

/**
 * The plan for playing a master playlist through MSE.
 * @param {{variants: object[], audioGroups: Record<string, object[]>}} master
 * @returns {{levels: object[], audioOnly: boolean, separateAudio: boolean}}
 *   `levels` sorted by bandwidth, lowest first. Audio-only variants are left out when there is video:
 *   switching a SourceBuffer between audio-only and audio+video is not possible mid-stream.
 */
export function planRenditions(master) {
    const video = master.variants.filter((variant) => !isAudioOnly(variant));
    const audioOnly = video.length === 0;
    const chosen = audioOnly ? master.variants.slice() : video;
    chosen.sort((a, b) => a.bandwidth - b.bandwidth);
    const levels = chosen.map((variant) => ({
        ...variant,
        audioURI: audioOnly ? null : audioURI(master, variant),
        // The menu shows pictures by height (`360p`) and sound by its rate (`96 kb/s`).
        label: audioOnly && variant.bandwidth > 0 ? `${Math.round(variant.bandwidth / 1000)} kb/s` : variant.name,
    }));
    const separateAudio = !audioOnly && levels.every((level) => level.audioURI !== null);
    if (!separateAudio) levels.forEach((level) => { level.audioURI = null; });
    return { levels, audioOnly, separateAudio };
}

/** The playlist of the audio rendition a variant's AUDIO group plays by default, or null. */
function audioURI(master, variant) {
    const group = variant.audioGroup ? master.audioGroups[variant.audioGroup] : undefined;
    if (!group || group.length === 0) return null;
    const rendition = group.find((candidate) => candidate.isDefault) ?? group[0];
    return rendition.uri;
}

/**
 * The MIME type of one SourceBuffer.
 * @param {object} level
 * @param {"main"|"video"|"audio"} kind
 * @param {boolean} audioOnly
 */
export function mimeType(level, kind, audioOnly) {
    const audio = level.codecs.filter((codec) => audioCodec.test(codec));
    const video = level.codecs.filter((codec) => !audioCodec.test(codec));
    if (kind === "audio" || audioOnly) {
        return `audio/mp4; codecs="${(audio.length > 0 ? audio : ["mp4a.40.2"]).join(",")}"`;
    }
    if (kind === "video") return `video/mp4; codecs="${(video.length > 0 ? video : ["avc1.64001f"]).join(",")}"`;
    const all = level.codecs.length > 0 ? level.codecs : ["avc1.64001f", "mp4a.40.2"];
    return `video/mp4; codecs="${all.join(",")}"`;
}

/** The SourceBuffers a plan needs, by kind. */
export function trackKinds(plan) {
    return plan.separateAudio ? ["video", "audio"] : ["main"];
}
