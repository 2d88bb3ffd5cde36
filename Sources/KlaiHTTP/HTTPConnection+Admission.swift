extension HTTPConnection {
    /// A request head arrived: decide, before reading any content, whether the content is wanted.
    /// In order: the Host check (421), routes that answer without content (404, 405), the declared
    /// length (413), then the route's admission check on the head; only then is content read.
    func begin(_ head: HTTPRequestHead) {
        self.head = head
        beginExchangeClock()
        requestID = context.nextRequestID()
        (client, isHTTPS) = context.configuration.client(of: peer, headers: head.headers)
        body = RequestBodyCollector()
        guard context.configuration.admitsHost(head.headers["Host"]) else {
            route = nil
            machine.answerWithoutBody(head)
            send(.error(.misdirectedRequest, "This server does not answer to that name."))
            return
        }
        let route = context.responder.resolve(head)
        self.route = route
        if route.ignoresBody, head.framing != .none, head.framing != .length(0) {
            perform(machine.skipBody())
            return
        }
        if case .length(let n) = head.framing, n > route.maxBodySize {
            perform(machine.refuseBody(.contentTooLarge, now: Monotonic.now()))
            return
        }
        guard let admit = route.admit else {
            perform(machine.acceptBody(now: Monotonic.now()))
            return
        }
        // The check may wait on the database; meanwhile at most 64 KiB of content is read ahead
        // (`ConnectionStateMachine.wantsRead`) and none of it is handed to anyone.
        let request = makeRequest(head, route: route, body: .none)
        let loop = self.loop
        let fd = self.fd
        let id = self.id
        Task(executorPreference: loop) {
            let answer = await admit(request)
            loop.execute {
                guard let connection = loop.handlers[fd] as? HTTPConnection, connection.id == id else { return }
                connection.admitted(answer)
            }
        }
    }

    /// The admission check is done: read the content, or answer without it.
    private func admitted(_ answer: HTTPResponse?) {
        guard !isClosed, let head else { return }
        if let answer {
            machine.answerWithoutBody(head)
            send(answer)
            return
        }
        perform(machine.acceptBody(now: Monotonic.now()))
        process()
        updateReadInterest()
    }

    /// The request a handler (or an admission check) sees.
    func makeRequest(_ head: HTTPRequestHead, route: HTTPResolvedRoute, body: HTTPRequestBody) -> HTTPRequest {
        var request = HTTPRequest(
            head: head, splitTarget: route.splitTarget ?? HTTPRequest.split(target: head.target),
            parameters: route.parameters, body: body, remoteAddress: client, id: requestID)
        request.isHTTPS = isHTTPS
        return request
    }
}
