// Keyboard shortcuts of a focused player, as on the big video sites: space or k plays and pauses,
// ←/→ jump 10 s, f toggles full screen, m mutes. Keys a focused control already uses (space on a
// button, arrows on the slider or a menu) are left to that control.

const jump = 10;

/**
 * @param {import("./lesson-player.js").LessonPlayer} player
 * @param {KeyboardEvent} event
 */
export function handleKey(player, event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const tag = target instanceof Element ? target.tagName : "";
    const ownsSpace = tag === "BUTTON" || tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA";
    const ownsArrows = tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA";
    const media = player.media;
    switch (event.key) {
    case " ":
        if (ownsSpace) return;
        player.toggle();
        break;
    case "k":
    case "K":
        player.toggle();
        break;
    case "ArrowLeft":
    case "ArrowRight": {
        if (ownsArrows || player.engine === null) return;
        const step = event.key === "ArrowLeft" ? -jump : jump;
        const end = Number.isFinite(media.duration) ? media.duration : media.currentTime + jump;
        media.currentTime = Math.min(Math.max(0, media.currentTime + step), end);
        break;
    }
    case "f":
    case "F":
        player.toggleFullscreen();
        break;
    case "m":
    case "M":
        media.muted = !media.muted;
        break;
    default:
        return;
    }
    event.preventDefault();
}
