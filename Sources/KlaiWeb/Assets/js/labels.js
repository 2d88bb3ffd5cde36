// The player's words, in Thai on Thai pages (<html lang="th">) and English otherwise, so a screen
// reader announces each control in the page's language (WCAG 2.1 SC 3.1.1 and 4.1.2).

const thai = {
    controls: "ตัวควบคุมวิดีโอ",
    play: "เล่น",
    pause: "หยุดชั่วคราว",
    position: "ตำแหน่ง",
    of: "จาก",
    mute: "ปิดเสียง",
    unmute: "เปิดเสียง",
    speed: "ความเร็ว",
    quality: "ความคมชัด",
    automatic: "อัตโนมัติ",
    fullscreen: "เต็มจอ",
    exitFullscreen: "ออกจากเต็มจอ",
    resumeFrom: "ดูต่อจาก",
    startOver: "เริ่มใหม่",
    resumeQuestion: "ดูต่อจากที่ดูค้างไว้หรือไม่",
    loading: "กำลังโหลด…",
    failed: "เล่นบทเรียนนี้ไม่ได้ ลองโหลดหน้านี้ใหม่อีกครั้ง",
    retrying: "เครือข่ายขัดข้อง กำลังลองใหม่…",
    audioOnly: "บทเรียนเสียง",
    live: "สด",
    liveBroadcast: "ถ่ายทอดสด",
};

const english = {
    controls: "Video controls",
    play: "Play",
    pause: "Pause",
    position: "Position",
    of: "of",
    mute: "Mute",
    unmute: "Unmute",
    speed: "Speed",
    quality: "Quality",
    automatic: "Automatic",
    fullscreen: "Full screen",
    exitFullscreen: "Exit full screen",
    resumeFrom: "Continue from",
    startOver: "Start over",
    resumeQuestion: "Continue where you left off?",
    loading: "Loading…",
    failed: "This lesson cannot be played. Try reloading the page.",
    retrying: "The network dropped out; trying again…",
    audioOnly: "Audio lesson",
    live: "LIVE",
    liveBroadcast: "Live broadcast",
};

/** The words for the page's language. */
export function labelsFor(documentElement = document.documentElement) {
    return (documentElement.lang || "").toLowerCase().startsWith("th") ? thai : english;
}

/**
 * A media time as people read it: `12:34`, or `1:02:03` past an hour. Anything that is not a
 * finite non-negative number reads as `0:00`.
 * @param {number} seconds
 */
export function clock(seconds) {
    const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    const rest = String(whole % 60).padStart(2, "0");
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}
