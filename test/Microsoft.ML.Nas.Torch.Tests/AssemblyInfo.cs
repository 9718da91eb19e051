// Tests compare the process-wide live-tensor count and set libtorch's global seed: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
