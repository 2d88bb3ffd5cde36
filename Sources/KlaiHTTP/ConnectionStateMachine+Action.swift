extension ConnectionStateMachine {
    /// What the driver must do next.
    public enum Action: Sendable {
        /// Nothing now; wait for the next event.
        case wait
        /// A request head arrived: route it, then call `acceptBody` or `refuseBody`.
        case dispatch(HTTPRequestHead)
        /// Write `HTTP/1.1 100 Continue` (RFC 9110 §10.1.1).
        case sendContinue
        /// Content for the current request.
        case bodyPart(ArraySlice<UInt8>)
        /// The current request is complete: run its handler, then call `responseReady`.
        case requestComplete
        /// Write an error response with `Connection: close`, then close.
        case reject(HTTPStatus)
        /// Close the connection now.
        case close
        /// Reset the connection now, discarding what the kernel still holds for a reader who stopped
        /// reading (write timeout): a plain close would keep trickling it out for minutes.
        case abort
    }
}
