import Foundation
import KlaiHTTP
import KlaiLearning

/// Signing in and changing passwords, shared by the pages and the JSON API so both follow one rule.
enum SignIn {
    /// Signs in with a password; a refusal becomes a `WebError.Refusal` with a kind sentence.
    static func password(
        _ accounts: Accounts, _ username: String, _ password: String,
        _ request: HTTPRequest
    ) async throws -> Accounts.SignedIn {
        let address = request.remoteAddress.host
        let device = knownDevice(request)
        do {
            return try await passwordWork {
                try accounts.signIn(username: username, password: password, address: address, device: device)
            }
        } catch let refusal as Accounts.SignInError {
            throw Self.refusal(refusal)
        }
    }

    static func refusal(_ error: Accounts.SignInError) -> WebError.Refusal {
        switch error {
        case .wrongNameOrPassword:
            return WebError.Refusal(
                status: .unauthorized, thai: "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง ลองอีกครั้งได้เลย",
                english: "The name or password is wrong. Please try again.")
        case .throttled(let seconds):
            let wait = min(max(seconds.isFinite ? seconds : 60, 1), 86400)
            let minutes = max(1, Int((wait / 60).rounded(.up)))
            var refusal = WebError.Refusal(
                status: HTTPStatus(code: 429, reason: "Too Many Requests"),
                thai: "ใส่รหัสผิดหลายครั้งแล้ว เพื่อความปลอดภัยของบัญชี กรุณารอประมาณ \(minutes) นาทีแล้วลองใหม่ "
                    + "หากจำรหัสไม่ได้ ขอให้ครูหรือผู้ดูแลระบบตั้งรหัสใหม่ให้",
                english: "Too many wrong attempts. To keep the account safe, please wait about \(minutes) minute(s) "
                    + "and try again. If you forgot the password, ask a teacher or the administrator to reset it.")
            refusal.retryAfter = Int(wait.rounded(.up))
            return refusal
        }
    }

    /// This browser's known-device token: sign-ins from a browser that has signed in before are throttled by
    /// the device, so a guesser sharing the school's address cannot hold up the teacher's own browser.
    static let deviceCookie = "klai_device"

    static func knownDevice(_ request: HTTPRequest) -> SessionToken? {
        guard let text = request.cookies[deviceCookie], !text.isEmpty, text.utf8.count < 200 else { return nil }
        return SessionToken(text: text)
    }

    /// The session and known-device cookies; `Secure` when the browser came over HTTPS (through the TLS front).
    static func setSessionCookie(
        _ response: inout HTTPResponse, _ signedIn: Accounts.SignedIn, _ accounts: Accounts,
        secure: Bool
    ) {
        var session = SetCookie(
            name: SessionMiddleware.cookie, value: signedIn.token.text,
            maxAge: Int(min(accounts.policy.sessionLifetime, 365 * 86400)))
        var device = SetCookie(name: deviceCookie, value: signedIn.deviceToken.text, maxAge: 365 * 86400)
        session.secure = secure
        device.secure = secure
        response.setCookie(session)
        response.setCookie(device)
        response.account = "user:\(signedIn.userID)"
    }

    /// Changes the signed-in person's password; nil when done, else why not.
    static func changePassword(
        _ accounts: Accounts, _ user: SignedInUser, current: String, new: String,
        _ request: HTTPRequest
    ) async throws -> WebError.Refusal? {
        let request = request
        guard new.utf8.count <= 1024, current.utf8.count <= 1024 else {
            return WebError.invalid("รหัสผ่านยาวเกินไป", "The password is too long.")
        }
        do {
            // Other sessions end; this one stays signed in.
            try await passwordWork {
                try accounts.changePassword(
                    userID: user.userID, current: current, new: new, keeping: user.token,
                    address: request.remoteAddress.host)
            }
            return nil
        } catch let refusal as Accounts.SignInError {
            if case .wrongNameOrPassword = refusal {
                return WebError.Refusal(
                    status: .forbidden, thai: "รหัสผ่านปัจจุบันไม่ถูกต้อง",
                    english: "The current password is wrong.")
            }
            return Self.refusal(refusal)
        } catch let problem as LearningError {
            return WebError.invalid("รหัสผ่านใหม่ใช้ไม่ได้: \(problem.description)", problem.description)
        }
    }
}
