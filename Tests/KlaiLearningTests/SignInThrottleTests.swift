import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

/// Throttling is per (account, address) or per known device: guessing is slowed, nobody is locked out.
@Suite struct SignInThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_781_000_000)

    func setUp() throws -> (TemporaryLibrary, Accounts, school: Int64, teacher: Int64) { try SignInTests().setUp() }

    /// Five wrong passwords from a classroom PC, then the right one from the staff room.
    @Test func aPupilGuessingFromAnotherAddressCannotLockTheTeacherOut() throws {
        let (_, accounts, _, _) = try setUp()
        for attempt in 0..<5 {
            #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
                try accounts.signIn(
                    username: "somsri", password: "guess \(attempt)", address: "10.0.0.66",
                    now: t0.addingTimeInterval(Double(attempt)))
            }
        }
        // The guessing address has to wait, even with the right password …
        #expect(throws: Accounts.SignInError.throttled(retryAfter: 1)) {
            try accounts.signIn(username: "somsri", password: "correct horse", address: "10.0.0.66", now: t0.addingTimeInterval(4))
        }
        // … but the teacher's own address, which never failed on her account, is never refused.
        #expect(
            try accounts.signIn(
                username: "somsri", password: "correct horse", address: "10.0.0.5",
                now: t0.addingTimeInterval(4)
            ).userID > 0)
        // And her success does not forgive the guesser's failures.
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signIn(username: "somsri", password: "correct horse", address: "10.0.0.66", now: t0.addingTimeInterval(4.5))
        }
    }

    /// The same classroom PC or a school's shared public address: the guesser's failures fall on the
    /// address, and the teacher's browser, known from an earlier sign-in, is throttled only by its own.
    @Test func aGuesserBehindTheSameAddressCannotHoldUpTheTeachersKnownBrowser() throws {
        let (_, accounts, _, _) = try setUp()
        let shared = "203.0.113.7"
        let first = try accounts.signIn(username: "somsri", password: "correct horse", address: shared, now: t0)
        for attempt in 0..<12 {
            _ = try? accounts.signIn(
                username: "somsri", password: "guess \(attempt)", address: shared,
                now: t0.addingTimeInterval(Double(attempt)))
        }
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signIn(username: "somsri", password: "correct horse", address: shared, now: t0.addingTimeInterval(12))
        }
        let again = try accounts.signIn(
            username: "somsri", password: "correct horse", address: shared, device: first.deviceToken,
            now: t0.addingTimeInterval(12))
        #expect(again.deviceToken == first.deviceToken)
        // A made-up token is no known device: the address rule applies.
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signIn(
                username: "somsri", password: "correct horse", address: shared, device: SessionToken.generate(),
                now: t0.addingTimeInterval(12))
        }
        // A copied cookie gives no free guesses: failures with it are throttled on its own account.
        for attempt in 0..<5 {
            #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
                try accounts.signIn(
                    username: "somsri", password: "copied \(attempt)", address: "10.9.9.9", device: first.deviceToken,
                    now: t0.addingTimeInterval(20))
            }
        }
        #expect(throws: Accounts.SignInError.throttled(retryAfter: 1)) {
            try accounts.signIn(
                username: "somsri", password: "copied", address: "10.9.9.9", device: first.deviceToken,
                now: t0.addingTimeInterval(20))
        }
    }

    @Test func aGuessingAddressWaitsTwiceAsLongAfterEachFailureUpToFifteenMinutes() throws {
        let (_, accounts, _, _) = try setUp()
        var now = t0
        var failures = 0
        var waits: [TimeInterval] = []
        for attempt in 0..<40 {
            do {
                _ = try accounts.signIn(username: "somsri", password: "guess \(attempt)", address: "203.0.113.9", now: now)
                Issue.record("a guess signed in")
            } catch Accounts.SignInError.throttled(let retryAfter) {
                waits.append(retryAfter)
                now = now.addingTimeInterval(retryAfter)  // come back exactly when told
            } catch Accounts.SignInError.wrongNameOrPassword {
                failures += 1
            }
        }
        #expect(failures == 5 + waits.count || failures == 5 + waits.count - 1)
        #expect(waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900, 900, 900, 900])
        // At the longest wait that is under 100 guesses a day for this account from this address.
        #expect(86_400 / waits.max()! < 100)
    }

    /// A whole school shares one public address: spraying from it must not lock the others out.
    @Test func sprayingFromASchoolsSharedAddressLocksNobodyOutButSlowsTheSprayer() throws {
        let (_, accounts, _, _) = try setUp()
        for attempt in 0..<60 {
            _ = try? accounts.signIn(username: "user\(attempt)", password: "x", address: "203.0.113.7", now: t0)
        }
        // The teacher behind the same address never failed on her account: she signs in.
        #expect(try accounts.signIn(username: "somsri", password: "correct horse", address: "203.0.113.7", now: t0).userID > 0)
        // The sprayer's second guess on any account it already tried waits (one free failure on a hot address).
        #expect(throws: Accounts.SignInError.throttled(retryAfter: 1)) {
            try accounts.signIn(username: "user7", password: "y", address: "203.0.113.7", now: t0)
        }
        // Another address (another school) is not affected either.
        #expect(try accounts.signIn(username: "somsri", password: "correct horse", address: "10.1.1.1", now: t0).userID > 0)
    }

    @Test func guessingTheCurrentPasswordOnThePasswordFormIsThrottledLikeSignIn() throws {
        let (_, accounts, _, teacher) = try setUp()
        for attempt in 0..<5 {
            #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
                try accounts.changePassword(
                    userID: teacher, current: "guess \(attempt)", new: "battery staple",
                    address: "10.0.0.66", now: t0)
            }
        }
        #expect(throws: Accounts.SignInError.throttled(retryAfter: 1)) {
            try accounts.changePassword(userID: teacher, current: "correct horse", new: "battery staple", address: "10.0.0.66", now: t0)
        }
        // The same failures count against signing in from that address.
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signIn(username: "somsri", password: "correct horse", address: "10.0.0.66", now: t0)
        }
        try accounts.changePassword(userID: teacher, current: "correct horse", new: "battery staple", address: "10.0.0.5", now: t0)
    }
}
