extension ModelSession {
    /// Runs `tokens` from the start of a fresh sequence through the blocks up to `hook` only and returns the
    /// activations there, one row per token ([tokens.count, the width at `hook`]). The session is reset first and
    /// left at position 0; its hooks stay as they were.
    public func residuals(of tokens: [Int], at hook: HookPoint) throws -> Matrix {
        var captured = Matrix(rows: 0, cols: hook.width(in: model.config))
        guard !tokens.isEmpty else { return captured }
        reset()
        let handle = addHook(at: hook) { residual, _ in captured = residual.copy() }
        defer { removeHook(handle) }
        try runPartially(batch: [Segment(lane: 0, tokens: tokens)], through: hook.layer)
        return captured
    }
}
