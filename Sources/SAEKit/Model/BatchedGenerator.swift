/// Generates continuations of many prompts together: each lane of one session decodes one prompt, all lanes in the same
/// forward pass, and a lane whose text has ended takes the next prompt, its prefill riding in the same pass as the
/// others' next tokens (continuous batching). A step of many rows costs about what prefill costs per token.
public struct BatchedGenerator {
    /// One prompt to continue, with the sampler that picks its tokens.
    public struct Job {
        /// The caller's name for the job, handed back with its result.
        public var id: Int
        /// The prompt's token ids.
        public var prompt: [Int]
        /// Picks this job's tokens (seed it per job so a job's text does not depend on its lane or neighbours).
        public var sampler: Sampler

        /// A job `id` continuing `prompt` with `sampler`.
        public init(id: Int, prompt: [Int], sampler: Sampler) {
            self.id = id
            self.prompt = prompt
            self.sampler = sampler
        }
    }

    /// A finished continuation.
    public struct Result {
        /// The job's id.
        public var id: Int
        /// The generated ids, without the stop token.
        public var tokens: [Int]
        /// Whether a stop token ended it (false: it reached the most tokens allowed, or the context).
        public var stopped: Bool
    }

    /// The session whose lanes run the jobs.
    public let session: ModelSession
    /// Most tokens generated per job.
    public let maxTokens: Int
    /// Most prompt tokens prefilled in one step, so a burst of new jobs does not make one step enormous.
    public let prefillBudget: Int
    private let stops: Set<Int>

    /// A generator over `session`'s lanes.
    public init(session: ModelSession, maxTokens: Int, prefillBudget: Int = 512) {
        precondition(maxTokens > 0 && prefillBudget > 0)
        self.session = session
        self.maxTokens = maxTokens
        self.prefillBudget = prefillBudget
        stops = Generator.stopTokens(for: session.model.tokenizer)
    }

    /// A job in a lane: what it has generated, and the token to run next.
    private struct Running {
        var job: Job
        var generated: [Int] = []
        var pending: [Int]
    }

    /// Runs every job of `jobs`, handing each result to `onResult` as it finishes (in finishing order); `onResult`
    /// returns false to stop early (jobs still running are dropped). `onStep` hears the number of tokens each step
    /// generated, for progress.
    public func run<Jobs: Sequence>(_ jobs: Jobs, onStep: (Int) -> Void = { _ in },
                                    onResult: (Result) throws -> Bool) throws where Jobs.Element == Job {
        var queue = jobs.makeIterator()
        var lanes = [Running?](repeating: nil, count: session.laneCount)
        var exhausted = false
        let context = session.model.config.contextLength
        while true {
            // Fill free lanes with new jobs while the step's prefill budget lasts (always at least one, so a prompt
            // longer than the budget still runs).
            var prefill = 0
            for lane in lanes.indices where lanes[lane] == nil && !exhausted {
                guard prefill < prefillBudget else { break }
                guard let job = queue.next() else {
                    exhausted = true
                    break
                }
                guard !job.prompt.isEmpty, job.prompt.count < context else {
                    throw InputError("prompt \(job.id)", "has \(job.prompt.count) tokens; it needs 1 to \(context - 1)")
                }
                session.reset(lane: lane)
                lanes[lane] = Running(job: job, pending: job.prompt)
                prefill += job.prompt.count
            }
            let active = lanes.indices.filter { lanes[$0] != nil }
            guard !active.isEmpty else { return }

            let segments = active.map { ModelSession.Segment(lane: $0, tokens: lanes[$0]!.pending) }
            let logits = try session.forward(batch: segments, logits: .last)
            for (row, lane) in active.enumerated() {
                var running = lanes[lane]!
                let id = running.job.sampler.sample(UnsafeBufferPointer(logits.row(row)))
                let stopped = stops.contains(id)
                if !stopped { running.generated.append(id) }
                let full = running.generated.count >= maxTokens || session.positions[lane] >= context
                if stopped || full {
                    lanes[lane] = nil
                    if try !onResult(Result(id: running.job.id, tokens: running.generated, stopped: stopped)) { return }
                } else {
                    running.pending = [id]
                    lanes[lane] = running
                }
            }
            onStep(active.count)
        }
    }
}
