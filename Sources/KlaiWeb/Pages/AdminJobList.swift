import Foundation
import KlaiCatalog

/// The transcode queue as a table: state, progress bar, attempts, the last error, and retry/cancel.
enum AdminJobList {
    static func html(_ context: PageContext, _ jobs: [TranscodeJob]) -> HTML {
        group {
            AdminPages.heading(context, context.t("คิวงานแปลงไฟล์", "Job queue"))
            el("p", .class("hint")) {
                context.t("หน้านี้โหลดใหม่เองทุก 3 วินาทีขณะมีงานกำลังทำ", "This page reloads itself every 3 seconds while work is going on.")
            }
            if jobs.isEmpty { el("p", .class("empty")) { context.t("ไม่มีงาน", "No jobs.") } }
            el(
                "div", .class("grid-wrap"), Attribute("tabindex", "0"), Attribute("role", "region"),
                .aria("label", context.t("คิวงานแปลงไฟล์", "Job queue"))
            ) {
                el("table", .class("grid jobs")) {
                    el("thead") {
                        el("tr") {
                            for heading in [
                                context.t("งาน", "Job"), context.t("สถานะ", "State"), context.t("ความคืบหน้า", "Progress"),
                                context.t("ครั้งที่", "Attempts"), context.t("ปัญหาล่าสุด", "Last error"), ""
                            ] {
                                el("th", Attribute("scope", "col")) { heading }
                            }
                        }
                    }
                    el("tbody") {
                        for job in jobs {
                            el("tr", .class("job job-\(job.state.rawValue)"), .data("job", String(job.id))) {
                                el("th", Attribute("scope", "row")) { "#\(job.id)" }
                                el("td", .class("job-state")) { AdminContentText.state(job.state, context) }
                                el("td") { Components.bar(context, job.state == .done ? 1 : job.progress / 100) }
                                el("td") { "\(job.attempts)/\(job.maxAttempts)" }
                                el("td") { job.lastError ?? "" }
                                el("td") {
                                    if job.state == .failed || job.state == .cancelled {
                                        AdminPages.button(context, action: "/admin/jobs/\(job.id)/retry", label: context.t("ลองใหม่", "Retry"))
                                    }
                                    if job.state == .queued || job.state == .running {
                                        AdminPages.button(context, action: "/admin/jobs/\(job.id)/cancel", label: context.t("ยกเลิก", "Cancel"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
