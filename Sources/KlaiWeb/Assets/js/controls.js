// The player's visible controls: real <button>, <input type=range> and <select> elements, so each
// works with the keyboard and is announced with its name by screen readers without ARIA tricks.

import { clock } from "./labels.js";

const svgNS = "http://www.w3.org/2000/svg";
/** 24×24 icon paths (drawn for Klai). */
const icons = {
    play: "M8 5v14l11-7z",
    pause: "M6 5h4v14H6zM14 5h4v14h-4z",
    sound: "M4 9v6h4l5 5V4L8 9zM16 8.5a4.5 4.5 0 0 1 0 7M18.5 6a8 8 0 0 1 0 12",
    muted: "M4 9v6h4l5 5V4L8 9zM16 9l5 6M21 9l-5 6",
    fullscreen: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5",
};

function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
}

function icon(name) {
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(svgNS, "path");
    path.setAttribute("d", icons[name]);
    svg.append(path);
    return svg;
}

function setIcon(button, name) {
    button.replaceChildren(icon(name));
}

/** Builds the controls inside `figure` and keeps them in step with `media`. */
export class Controls {
    /**
     * @param {HTMLElement} figure
     * @param {HTMLMediaElement} media
     * @param {object} words from labels.js
     * @param {{live?: boolean}} [options] `live`: a live stream (no position bar: "สด" instead; also when
     *   the media's duration is infinite, as a browser's own HLS makes a live playlist's)
     */
    constructor(figure, media, words, { live = false } = {}) {
        this.figure = figure;
        this.media = media;
        this.words = words;
        this.live = live;
        this.play = element("button", { type: "button", class: "player-play", "aria-label": words.play });
        setIcon(this.play, "play");
        this.seek = element("input", { type: "range", class: "player-seek", min: "0", max: "0", step: "any",
                                       value: "0", "aria-label": words.position });
        this.time = element("span", { class: "player-time", "aria-hidden": "true" }, ["0:00 / 0:00"]);
        this.liveBadge = element("span", { class: "player-live", role: "img", "aria-label": words.liveBroadcast },
                                 [words.live]);
        this.mute = element("button", { type: "button", class: "player-mute", "aria-label": words.mute });
        setIcon(this.mute, "sound");
        this.speed = element("select", { class: "player-speed", "aria-label": words.speed });
        for (const rate of [0.75, 1, 1.25, 1.5]) {
            const option = element("option", { value: String(rate) }, [`${rate}×`]);
            option.selected = rate === 1;
            this.speed.append(option);
        }
        this.quality = element("select", { class: "player-quality", "aria-label": words.quality });
        this.quality.hidden = true;
        this.fullscreen = element("button", { type: "button", class: "player-fullscreen",
                                              "aria-label": words.fullscreen });
        setIcon(this.fullscreen, "fullscreen");
        this.bar = element("div", { class: "player-controls", role: "group", "aria-label": words.controls },
                           [this.play, this.seek, this.time, this.liveBadge, this.mute, this.speed, this.quality, this.fullscreen]);
        this.status = element("p", { class: "player-status", role: "status", "aria-live": "polite" });
        figure.append(this.bar, this.status);
        this.follow();
        this.refresh(); // a live stream shows "สด" instead of the position bar before anything has loaded
    }

    /** Keeps buttons, slider and time in step with the media element. */
    follow() {
        const media = this.media;
        const refresh = () => this.refresh();
        const changes = ["play", "pause", "timeupdate", "durationchange", "volumechange", "ended", "loadedmetadata"];
        for (const name of changes) {
            media.addEventListener(name, refresh);
        }
        this.speed.addEventListener("change", () => { media.playbackRate = Number(this.speed.value) || 1; });
        media.addEventListener("ratechange", () => { this.speed.value = String(media.playbackRate); });
        this.seek.addEventListener("input", () => {
            const target = Number(this.seek.value);
            if (Number.isFinite(target)) media.currentTime = target;
        });
        document.addEventListener("fullscreenchange", () => {
            const on = document.fullscreenElement === this.figure;
            this.fullscreen.setAttribute("aria-label", on ? this.words.exitFullscreen : this.words.fullscreen);
        });
    }

    refresh() {
        const media = this.media;
        const words = this.words;
        const playing = !media.paused && !media.ended;
        this.play.setAttribute("aria-label", playing ? words.pause : words.play);
        setIcon(this.play, playing ? "pause" : "play");
        this.mute.setAttribute("aria-label", media.muted ? words.unmute : words.mute);
        setIcon(this.mute, media.muted ? "muted" : "sound");
        const live = this.live || media.duration === Number.POSITIVE_INFINITY;
        this.figure.classList.toggle("live", live);
        this.seek.hidden = live;
        this.time.hidden = live;
        this.liveBadge.hidden = !live;
        if (live) return;
        const duration = Number.isFinite(media.duration) ? media.duration : 0;
        this.seek.max = String(duration);
        if (document.activeElement !== this.seek) this.seek.value = String(media.currentTime);
        this.seek.setAttribute("aria-valuetext", `${clock(media.currentTime)} ${words.of} ${clock(duration)}`);
        this.time.textContent = `${clock(media.currentTime)} / ${clock(duration)}`;
    }

    /**
     * Fills the quality menu: automatic first, then each rendition from the highest.
     * @param {{name: string, label?: string}[]} levels lowest first
     * @param {string} chosen a rendition name, or "" for automatic
     */
    showLevels(levels, chosen) {
        const options = [element("option", { value: "" }, [this.words.automatic])];
        for (const level of levels.slice().reverse()) {
            options.push(element("option", { value: level.name }, [level.label ?? level.name]));
        }
        this.quality.replaceChildren(...options);
        this.quality.value = levels.some((level) => level.name === chosen) ? chosen : "";
        this.quality.hidden = levels.length < 2;
    }

    /** Shows which rendition automatic is playing, in the automatic option's text. */
    showAutomaticRendition(name) {
        const automatic = this.quality.options[0];
        if (automatic) automatic.textContent = name ? `${this.words.automatic} (${name})` : this.words.automatic;
    }

    /** A sentence in the status line (announced politely), or nothing. */
    say(text) {
        this.status.textContent = text;
    }
}
