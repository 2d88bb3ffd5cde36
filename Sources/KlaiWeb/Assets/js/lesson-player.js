// One lesson player: a <figure data-player> with its <video>. Chooses how to play (MSE, or the
// browser's own HLS), builds the controls, offers to resume, and reports what was played.

import { Controls } from "./controls.js";
import { clock, labelsFor } from "./labels.js";
import { NativeEngine } from "./native-engine.js";
import { PlaybackReport } from "./playback-report.js";
import { handleKey } from "./player-keys.js";

const qualityKey = "klai.player.quality";

/**
 * The MSE engine and what it needs (about half the player's bytes) load only when someone is about to
 * play: a lesson page's first visit stays small on a thin school link. The native engine is loaded with
 * the page, so an iPhone's `play()` still happens inside the tap.
 */
let mseModule = null;
function loadMSE() {
    mseModule ??= import("./mse-engine.js");
    return mseModule;
}

function remembered(key) {
    try { return localStorage.getItem(key) ?? ""; } catch { return ""; }
}

function remember(key, value) {
    try { localStorage.setItem(key, value); } catch { /* storage disabled: the choice lasts this page */ }
}

/**
 * The engines to try, in order. `?player=native|mse` on the page or `data-engine` forces one
 * (tests, and a teacher working around a broken browser); a forced native engine still falls back
 * to MSE so the lesson plays.
 */
export function engineOrder(figure, media, search = globalThis.location?.search ?? "") {
    const forced = new URLSearchParams(search).get("player") || figure.dataset.engine || "";
    if (forced === "mse") return ["mse"];
    if (forced === "native") return ["native", "mse"];
    // MediaSource where it exists; an iPhone has only ManagedMediaSource, and plays HLS itself best.
    if (globalThis.MediaSource) return ["mse", "native"];
    if (NativeEngine.isAvailable(media)) return ["native", "mse"];
    return ["mse"];
}

export class LessonPlayer {
    /** @param {HTMLElement} figure */
    constructor(figure) {
        this.figure = figure;
        this.media = figure.querySelector("video, audio");
        if (!this.media) throw new Error("A [data-player] figure needs a <video> element.");
        this.words = labelsFor();
        // The page's own controls are for browsers without this script; these replace them.
        this.media.controls = false;
        this.masterURL = new URL(figure.dataset.master ?? "", location.href).href;
        this.order = engineOrder(figure, this.media);
        this.engine = null;
        this.starting = null;
        this.controls = new Controls(figure, this.media, this.words, { live: figure.dataset.live === "true" });
        const item = Number.parseInt(figure.dataset.item ?? "", 10);
        const classID = Number.parseInt(figure.dataset.classId ?? "", 10);
        this.report = new PlaybackReport(this.media, {
            endpoint: figure.dataset.events || "/api/events",
            csrf: figure.dataset.csrf ?? "",
            item: Number.isSafeInteger(item) ? item : 0,
            classID: Number.isSafeInteger(classID) && classID > 0 ? classID : null,
            live: figure.dataset.live === "true",
            liveOffset: Number.parseFloat(figure.dataset.liveOffset ?? ""),
            session: figure.dataset.session ?? "",
            rendition: () => this.engine?.rendition ?? "",
        });
        this.wire();
        this.offerResume();
        this.stateTimer = setInterval(() => this.publishState(), 500);
    }

    wire() {
        const { controls, media, figure } = this;
        figure.tabIndex = figure.tabIndex >= 0 ? figure.tabIndex : 0;
        controls.play.addEventListener("click", () => this.toggle());
        media.addEventListener("click", () => this.toggle());
        controls.mute.addEventListener("click", () => { media.muted = !media.muted; });
        controls.fullscreen.addEventListener("click", () => this.toggleFullscreen());
        controls.quality.addEventListener("change", () => {
            const name = controls.quality.value;
            remember(qualityKey, name || "auto");
            this.engine?.setLevel(this.engine.levels.findIndex((level) => level.name === name));
        });
        figure.addEventListener("keydown", (event) => handleKey(this, event));
        // A hand on the player is a hint that playback is coming: fetch the MSE engine meanwhile.
        for (const hint of ["pointerdown", "focusin"]) {
            figure.addEventListener(hint, () => { if (this.order.includes("mse")) loadMSE().catch(() => {}); },
                                    { once: true });
        }
        media.addEventListener("waiting", () => this.publishState());
    }

    /** When the page gives a resume position, asks whether to continue there or start over. */
    offerResume() {
        const resume = Number.parseFloat(this.figure.dataset.resume ?? "");
        this.resumeAt = Number.isFinite(resume) && resume > 1 ? resume : 0;
        if (this.resumeAt === 0) return;
        const prompt = document.createElement("div");
        prompt.className = "player-resume";
        prompt.setAttribute("role", "group");
        prompt.setAttribute("aria-label", this.words.resumeQuestion);
        const continueButton = document.createElement("button");
        continueButton.type = "button";
        continueButton.textContent = `${this.words.resumeFrom} ${clock(this.resumeAt)}`;
        const over = document.createElement("button");
        over.type = "button";
        over.textContent = this.words.startOver;
        continueButton.addEventListener("click", () => this.begin(this.resumeAt));
        over.addEventListener("click", () => this.begin(0));
        prompt.append(continueButton, over);
        this.prompt = prompt;
        this.figure.append(prompt);
    }

    /** Plays or pauses; the first play attaches an engine (the page loads nothing before that). */
    toggle() {
        if (this.engine === null && this.starting === null) return this.begin(this.resumeAt);
        if (this.media.paused || this.media.ended) this.playMedia();
        else this.media.pause();
    }

    /** Starts playback at `startTime`, trying each engine in order until one works. */
    begin(startTime) {
        if (this.prompt) {
            const hadFocus = this.prompt.contains(document.activeElement);
            this.prompt.remove();
            this.prompt = null;
            if (hadFocus) this.controls.play.focus();
        }
        if (this.starting) return this.starting;
        this.controls.say(this.words.loading);
        this.starting = this.attach(startTime, 0).finally(() => { this.starting = null; });
        return this.starting;
    }

    async attach(startTime, orderIndex) {
        const name = this.order[orderIndex];
        if (name === undefined) {
            this.controls.say(this.words.failed);
            this.figure.dataset.state = "failed";
            return;
        }
        let engine;
        try {
            engine = name === "native" ? new NativeEngine(this.media, this.masterURL)
                                       : new (await loadMSE()).MSEEngine(this.media, this.masterURL);
        } catch (error) {
            mseModule = null; // a failed download of the module is tried again next time
            console.warn(`Klai player: the ${name} engine could not be loaded: ${error?.message ?? error}`);
            return this.attach(startTime, orderIndex + 1);
        }
        engine.addEventListener("levels", () => this.showLevels(engine));
        engine.addEventListener("retrying", () => this.controls.say(this.words.retrying));
        engine.addEventListener("recovered", () => this.controls.say(""));
        engine.addEventListener("error", (event) => this.fail(engine, event.detail, orderIndex));
        this.engine = engine;
        this.figure.dataset.engineActive = name;
        try {
            const started = engine.start(startTime, remembered(qualityKey).replace(/^auto$/, ""));
            if (name === "native") this.playMedia(); // in the same tap, for iOS
            await started;
            if (name !== "native") this.playMedia();
        } catch (error) {
            await this.fail(engine, error, orderIndex);
        }
    }

    /** An engine failed: try the next one from where playback was, or tell the person. */
    async fail(engine, error, orderIndex) {
        if (this.engine !== engine) return;
        console.warn(`Klai player: the ${engine.name} engine failed: ${error?.message ?? error}`);
        const position = this.media.currentTime;
        engine.destroy();
        this.engine = null;
        const next = this.order[orderIndex + 1];
        if (next !== undefined) this.figure.dataset.fallback = `${engine.name}→${next}: ${error?.message ?? error}`;
        await this.attach(position, orderIndex + 1);
    }

    playMedia() {
        this.media.play().then(() => this.controls.say(""), (error) => {
            // AbortError: a newer load replaced this one (a fallback); NotAllowedError: needs a tap.
            if (error?.name !== "AbortError") this.controls.say("");
        });
    }

    showLevels(engine) {
        const chosen = remembered(qualityKey);
        this.controls.showLevels(engine.levels, chosen === "auto" ? "" : chosen);
        this.figure.classList.toggle("audio-only", Boolean(engine.plan?.audioOnly));
    }

    toggleFullscreen() {
        if (document.fullscreenElement) return document.exitFullscreen?.();
        if (this.figure.requestFullscreen) return this.figure.requestFullscreen().catch(() => {});
        this.media.webkitEnterFullscreen?.(); // iPhone: only the video itself can go full screen
    }

    /** Mirrors the player's state on the figure (`data-rendition`, `data-stalls`) for pages and tests. */
    publishState() {
        const dataset = this.figure.dataset;
        dataset.rendition = this.engine?.rendition ?? "";
        if (this.engine?.levels.length > 1) {
            const playing = this.engine.levels.find((level) => level.name === dataset.rendition);
            this.controls.showAutomaticRendition(playing?.label ?? dataset.rendition);
        }
        dataset.stalls = String(this.report.totalStalls);
        if (this.engine?.estimator) dataset.estimate = String(Math.round(this.engine.estimator.estimate));
        if (this.media.readyState > 0 && this.media.videoHeight === 0 && this.engine?.name === "native") {
            this.figure.classList.add("audio-only");
        }
    }
}
