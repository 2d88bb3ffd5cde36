// Klai's lesson player, loaded by the lesson page as a module: every <figure data-player> on the
// page becomes a player. docs/PLAYER.md describes the markup it reads and the events it sends.

import { LessonPlayer } from "./lesson-player.js";

/** Links the player's stylesheet beside this script unless the page already has it. */
function linkStylesheet() {
    const href = new URL("../css/player.css", import.meta.url).href;
    if ([...document.styleSheets].some((sheet) => sheet.href === href)) return;
    if (document.querySelector(`link[rel="stylesheet"][href$="/css/player.css"]`)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.append(link);
}

function start() {
    if (document.querySelector("[data-player]")) linkStylesheet();
    for (const figure of document.querySelectorAll("[data-player]")) {
        if (figure.klaiPlayer) continue;
        try {
            figure.klaiPlayer = new LessonPlayer(figure);
        } catch (error) {
            console.warn(`Klai player: ${error?.message ?? error}`);
        }
    }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
