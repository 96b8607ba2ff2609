extension ModelSession {
    /// Runs `tokens` from the start of a fresh sequence through the blocks up to `hook` only and returns the residual
    /// stream there, one row per token. The session is reset first; its hooks and layer limit are left as they were.
    public func residuals(of tokens: [Int], at hook: HookPoint) throws -> Matrix {
        var captured = Matrix(rows: 0, cols: model.config.modelDim)
        guard !tokens.isEmpty else { return captured }
        let (savedHook, savedStop) = (hooks[hook], stopAfterLayer)
        defer { (hooks[hook], stopAfterLayer) = (savedHook, savedStop) }
        reset()
        stopAfterLayer = hook.layer
        hooks[hook] = { residual, _ in captured = residual.copy() }
        _ = try forward(tokens, logits: .none)
        return captured
    }
}
