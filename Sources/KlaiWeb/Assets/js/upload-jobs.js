// The school-videos page shows each upload's conversion; while one is waiting or running (the page marks
// its list with data-refresh, in seconds) the page reloads itself, unless someone is choosing or sending a file.
const marked = document.querySelector("[data-refresh]");
if (marked) {
    const seconds = Math.max(2, Number(marked.dataset.refresh) || 5);
    setTimeout(function again() {
        const input = document.querySelector("#upload-form input[type=file]");
        const sending = document.getElementById("upload-progress");
        const busy = (input && input.files && input.files.length > 0) || (sending && !sending.hidden);
        if (busy) setTimeout(again, seconds * 1000);
        else window.location.reload();
    }, seconds * 1000);
}
