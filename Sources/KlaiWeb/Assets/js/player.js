// Klai's lesson player, loaded by the lesson page as a module: every <figure data-player> on the
// page becomes a player. docs/PLAYER.md describes the markup it reads and the events it sends.

import { LessonPlayer } from "./lesson-player.js";

function start() {
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
