// Autosaves a draft form of Klai supervision (a visit, the school self-assessment): the form that names its
// autosave address in data-autosave. Without this module the "save draft" button does the
// same; with it, the form is posted every 20 s when changed and right after each change, carrying the
// revision it is based on. A save refused as stale (409: saved elsewhere) is told to the person and
// autosaving stops, so nothing is overwritten without them knowing.
const form = document.querySelector("form[data-autosave]");
const status = document.getElementById("autosave-status");
const revision = document.getElementById("revision");
const thai = document.documentElement.lang === "th";
let dirty = false;
let busy = false;
let stopped = false;

function say(th, en) { if (status) status.textContent = thai ? th : en; }

async function save() {
  if (!form || !dirty || busy || stopped) return;
  busy = true;
  dirty = false;
  try {
    const response = await fetch(form.dataset.autosave, {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok && Number.isInteger(answer.revision)) {
      revision.value = String(answer.revision);
      const time = new Date().toLocaleTimeString(thai ? "th-TH" : "en-GB", { hour: "2-digit", minute: "2-digit" });
      say(`บันทึกร่างอัตโนมัติแล้ว ${time} (ครั้งที่ ${answer.revision})`, `Draft saved at ${time} (revision ${answer.revision})`);
    } else if (response.status === 409) {
      stopped = true;
      say("ฟอร์มนี้ถูกบันทึกจากอุปกรณ์อื่น กรุณาโหลดหน้าใหม่ก่อนแก้ต่อ", "This form was saved on another device; reload the page before going on.");
    } else {
      dirty = true;
      say(answer.error || "ยังบันทึกร่างไม่ได้ จะลองอีกครั้ง", answer.error || "Could not save the draft; will try again.");
    }
  } catch {
    dirty = true;
    say("ไม่มีสัญญาณ จะบันทึกร่างอีกครั้งเมื่อเชื่อมต่อได้", "Offline; the draft will be saved when the connection returns.");
  } finally {
    busy = false;
  }
}

if (form && form.dataset.autosave && revision) {
  form.addEventListener("change", () => { dirty = true; save(); });
  form.addEventListener("input", () => { dirty = true; });
  setInterval(save, 20000);
  window.addEventListener("online", save);
}
