// Upload progress for the admin content page. Without this module the form posts normally; with it the
// same form is sent by XMLHttpRequest so the page can show how much has gone (upload.onprogress) and
// offer Cancel (abort(): the server drops its partial copy). When the server answers, the browser goes
// where it redirected to (XHR follows the 303 itself; responseURL is the final page).
const form = document.getElementById("upload-form");
const box = document.getElementById("upload-progress");
const bar = document.getElementById("upload-bar");
const percent = document.getElementById("upload-percent");
const cancel = document.getElementById("upload-cancel");

if (form && box && bar && percent && cancel && window.FormData && window.XMLHttpRequest) {
    form.addEventListener("submit", (event) => {
        const input = form.querySelector("input[type=file]");
        if (!input || !input.files || input.files.length === 0) return; // the server says what is missing
        event.preventDefault();
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
            } else {
                // The answer is a whole page explaining the problem in words: show its sentence here.
                const page = new DOMParser().parseFromString(request.responseText, "text/html");
                const main = page.querySelector(".error-summary, main p");
                percent.textContent = main ? main.textContent.trim() : String(request.status);
                form.querySelector("button[type=submit]").disabled = false;
            }
        });
        request.addEventListener("error", () => {
            percent.textContent = document.documentElement.lang === "th" ? "อัปโหลดไม่สำเร็จ" : "The upload failed";
        });
        request.addEventListener("abort", () => {
            box.hidden = true;
            form.querySelector("button[type=submit]").disabled = false;
        });
        cancel.onclick = () => request.abort();
        box.hidden = false;
        form.querySelector("button[type=submit]").disabled = true;
        request.send(new FormData(form));
    });
}
