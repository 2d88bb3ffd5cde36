import Foundation
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The one place where what went wrong becomes an HTTP status and a sentence: a page for browsers,
/// JSON (`{"error": "…"}`) for API clients.
enum WebError {
    /// A problem a handler reports on purpose.
    struct Refusal: Error {
        let status: HTTPStatus
        let thai: String
        let english: String
        /// For 429: seconds until another try is allowed.
        var retryAfter: Int? = nil
    }

    static func notFound() -> Refusal {
        Refusal(status: .notFound, thai: "ไม่พบหน้าที่ต้องการ", english: "That page does not exist.")
    }

    static func forbidden() -> Refusal {
        Refusal(status: .forbidden, thai: "บัญชีนี้ไม่มีสิทธิ์ดูหน้านี้", english: "Your account may not see this page.")
    }

    static func invalid(_ thai: String, _ english: String) -> Refusal {
        Refusal(status: .unprocessableContent, thai: thai, english: english)
    }

    /// The answer for an error thrown by a handler.
    static func response(for error: any Error, _ request: HTTPRequest) -> HTTPResponse {
        switch error {
        case let redirect as Redirect:
            return .redirect(to: redirect.path)
        case let refusal as Refusal:
            return page(refusal.status, request, th: refusal.thai, en: refusal.english)
        case let problem as EvaluationError:
            let refusal = self.refusal(problem)
            return page(refusal.status, request, th: refusal.thai, en: refusal.english)
        case let problem as LearningError:
            switch problem {
            case .forbidden(let text): return page(.forbidden, request, th: "ไม่มีสิทธิ์ทำรายการนี้", en: text)
            case .notFound(let text): return page(.notFound, request, th: "ไม่พบข้อมูลที่ต้องการ", en: text)
            default: return page(.unprocessableContent, request, th: problem.description, en: problem.description)
            }
        case let http as HTTPError:
            return page(http.status, request, th: http.message ?? http.status.reason, en: http.message ?? http.status.reason)
        default:
            // Unknown: a logged 500 with the request id, never the body.
            FileHandle.standardError.write(Data("klai: request \(request.id) \(request.method) \(request.path) failed: \(error)\n".utf8))
            return page(
                .internalServerError, request,
                th: "ระบบขัดข้องชั่วคราว กรุณาลองอีกครั้ง (รหัสคำขอ \(request.id))",
                en: "Something went wrong on the server. Please try again (request \(request.id)).")
        }
    }

    /// The status and sentences for a supervision refusal (KlaiEvaluation writes the English detail, which the
    /// Thai sentence quotes). Pages that redraw a form with the problem beside it use this directly.
    static func refusal(_ error: EvaluationError) -> Refusal {
        switch error {
        case .forbidden(let text):
            Refusal(status: .forbidden, thai: "บัญชีนี้ไม่มีสิทธิ์ทำรายการนี้ (\(text))", english: text)
        case .notFound(let text):
            Refusal(status: .notFound, thai: "ไม่พบข้อมูลที่ต้องการ (\(text))", english: text)
        case .invalid(let text):
            Refusal(status: .unprocessableContent, thai: "ข้อมูลไม่ถูกต้อง: \(text)", english: text)
        case .conflict(let text):
            Refusal(status: HTTPStatus(code: 409, reason: "Conflict"), thai: "ทำรายการไม่ได้: \(text)", english: text)
        }
    }

    /// A short page (or JSON for `/api/`) saying what happened, in the request's language.
    static func page(_ status: HTTPStatus, _ request: HTTPRequest, th: String, en: String) -> HTTPResponse {
        let sentence = request.language.pick(th, en)
        if request.path.hasPrefix("/api/") || request.headers["Accept"]?.hasPrefix("application/json") == true {
            var response = (try? HTTPResponse.json(["error": sentence], status: status)) ?? .error(status, sentence)
            response.account = request.account
            return response
        }
        let context = PageContext(request)
        let body = el("section", .class("notice")) {
            el("h1") { context.t("ขออภัย", "Sorry") }
            el("p") { sentence }
            el("p") { el("a", .href("/")) { context.t("กลับหน้าแรก", "Back to the start page") } }
        }
        return Layout.response(context, title: context.t("ขออภัย", "Sorry"), status: status, body)
    }
}
