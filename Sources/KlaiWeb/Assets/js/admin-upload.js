// Upload progress for the admin content page. Without this module the form posts normally; with it the
// same form is sent by XMLHttpRequest so the page can show how much has gone (upload.onprogress) and
// offer Cancel (abort(): the server drops its partial copy). When the server answers, the browser goes
// where it redirected to (XHR follows the 303 itself; responseURL is the final page).
//
// The sentences come from the page (data-*-message, in its language). A file bigger than the room above
// the disk's floor (data-room, bytes) is refused here before a byte is sent; the server would answer 507.
const form = document.getElementById("upload-form");
const box = document.getElementById("upload-progress");
const bar = document.getElementById("upload-bar");
const percent = document.getElementById("upload-percent");
const cancel = document.getElementById("upload-cancel");

/** `1.4 GB`, in decimal units like the server's pages. */
function size(bytes) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
    return unit === 0 ? bytes + " B" : value.toFixed(1) + " " + units[unit];
}

if (form && box && bar && percent && cancel && window.FormData && window.XMLHttpRequest) {
    const submit = form.querySelector("button[type=submit]");
    const say = (text) => {
        box.hidden = false;
        percent.textContent = text;
    };
    form.addEventListener("submit", (event) => {
        const input = form.querySelector("input[type=file]");
        if (!input || !input.files || input.files.length === 0) return; // the server says what is missing
        event.preventDefault();
        const file = input.files[0];
        const room = Number(form.dataset.room);
        if (form.dataset.room !== "" && Number.isFinite(room) && file.size > room) {
            say(form.dataset.roomMessage.replace("{room}", size(room)).replace("{size}", size(file.size)));
            cancel.hidden = true;
            return;
        }
        const request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.upload.addEventListener("progress", (progress) => {
            if (!progress.lengthComputable) return;
            const share = Math.floor((progress.loaded / progress.total) * 100);
            bar.value = share;
            bar.textContent = share + "%";
            percent.textContent = share + "%";
        });
        request.addEventListener("load", () => {
            if (request.status < 400 && request.responseURL) {
                window.location.assign(request.responseURL);
                return;
            }
            // The answer is a page (or, from the HTTP layer, a line) explaining the problem: show its sentence.
            const page = new DOMParser().parseFromString(request.responseText, "text/html");
            const sentence = page.querySelector(".error-summary, main .notice p, main p");
            const text = (sentence ? sentence.textContent : page.body ? page.body.textContent : "").trim();
            say(text || form.dataset.failedMessage + " (" + request.status + ")");
            cancel.hidden = true;
            submit.disabled = false;
        });
        request.addEventListener("error", () => {
            say(form.dataset.failedMessage);
            cancel.hidden = true;
            submit.disabled = false;
        });
        request.addEventListener("abort", () => {
            say(form.dataset.cancelledMessage);
            cancel.hidden = true;
            bar.value = 0;
            submit.disabled = false;
        });
        cancel.onclick = () => request.abort();
        cancel.hidden = false;
        box.hidden = false;
        percent.textContent = "0%";
        submit.disabled = true;
        request.send(new FormData(form));
    });
}
