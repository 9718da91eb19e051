using System.Globalization;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// Parameter groups flattened for a native create call: all parameter handles back to back, the size of each group,
/// and one entry per group in each option array.
/// </summary>
internal sealed class NativeGroups
{
    private readonly Tensor[] _tensors;

    private NativeGroups(Tensor[] tensors, long[] sizes, double[] learningRates, double[] weightDecays)
    {
        _tensors = tensors;
        Sizes = sizes;
        LearningRates = learningRates;
        WeightDecays = weightDecays;
    }

    /// <summary>Gets the number of groups.</summary>
    public int Count => Sizes.Length;

    /// <summary>Gets the number of parameters of each group.</summary>
    public long[] Sizes { get; }

    /// <summary>Gets each group's learning rate.</summary>
    public double[] LearningRates { get; }

    /// <summary>Gets each group's weight decay.</summary>
    public double[] WeightDecays { get; }

    /// <summary>Gets the handles of all parameters, group after group. Valid while <see cref="Create"/> runs.</summary>
    public IntPtr[] Handles { get; private set; } = [];

    /// <summary>Validates the groups and applies the defaults to options a group does not override.</summary>
    /// <exception cref="ArgumentException">No group or no parameter, a parameter listed twice, or a disposed parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A group's learning rate or weight decay is negative.</exception>
    public static NativeGroups Resolve(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay)
    {
        if (groups.Count == 0)
        {
            throw new ArgumentException("The optimizer needs at least one parameter group.", nameof(groups));
        }

        var seen = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var tensors = new List<Tensor>();
        var sizes = new long[groups.Count];
        var learningRates = new double[groups.Count];
        var weightDecays = new double[groups.Count];
        for (var index = 0; index < groups.Count; index++)
        {
            var group = groups[index] ?? throw new ArgumentNullException(
                nameof(groups), string.Create(CultureInfo.InvariantCulture, $"Parameter group {index} is null."));
            learningRates[index] = group.LearningRate ?? learningRate;
            weightDecays[index] = group.WeightDecay ?? weightDecay;
            foreach (var (value, option) in new[] { (learningRates[index], "learning rate"), (weightDecays[index], "weight decay") })
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(groups),
                        value,
                        string.Create(CultureInfo.InvariantCulture, $"Parameter group {index}: the {option} must be a finite number >= 0."));
                }
            }

            foreach (var parameter in group.Parameters)
            {
                if (parameter.IsDisposed)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Parameter group {index} holds a disposed tensor."),
                        nameof(groups));
                }

                if (!seen.TryAdd(parameter, index))
                {
                    throw new ArgumentException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"A parameter appears more than once (groups {seen[parameter]} and {index})."),
                        nameof(groups));
                }

                tensors.Add(parameter);
            }

            sizes[index] = group.Parameters.Count;
        }

        if (tensors.Count == 0)
        {
            throw new ArgumentException("The optimizer got an empty parameter list.", nameof(groups));
        }

        return new NativeGroups([.. tensors], sizes, learningRates, weightDecays);
    }

    /// <summary>Calls the native create function with the parameter handles pinned alive; throws its error.</summary>
    public IntPtr Create(Func<NativeGroups, IntPtr> create)
    {
        Handles = Array.ConvertAll(_tensors, tensor => tensor.Handle);
        try
        {
            return Interop.NativeMethods.Check(create(this));
        }
        finally
        {
            Handles = [];
            GC.KeepAlive(_tensors);
        }
    }

    /// <summary>Returns an array with <paramref name="value"/> for every group.</summary>
    public T[] PerGroup<T>(T value)
    {
        var array = new T[Count];
        Array.Fill(array, value);
        return array;
    }
}
