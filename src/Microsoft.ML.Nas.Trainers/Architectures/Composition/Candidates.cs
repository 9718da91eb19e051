using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>Combines the minimal candidates of several parts into candidates of the whole.</summary>
internal static class Candidates
{
    /// <summary>The most combinations <see cref="Product"/> enumerates.</summary>
    public const int Limit = 65_536;

    /// <summary>
    /// Every combination of one candidate per part, as objects with the parts' keys (a part whose candidate is
    /// <see langword="null"/> adds no key).
    /// </summary>
    public static List<Parameter> Product(IReadOnlyList<(string Key, IReadOnlyList<Parameter?> Candidates)> parts)
    {
        long count = parts.Aggregate(1L, (product, part) => product * part.Candidates.Count);
        if (count > Limit)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The space has {count} combinations of cheapest layer choices, more than the {Limit} that minimum costs enumerate; use fewer layer choices."));
        }

        var results = new List<Parameter> { Parameter.CreateObject() };
        foreach (var (key, candidates) in parts)
        {
            var next = new List<Parameter>(results.Count * candidates.Count);
            foreach (var partial in results)
            {
                foreach (var candidate in candidates)
                {
                    var combined = partial.Clone();
                    if (candidate is not null)
                    {
                        combined[key] = candidate.Clone();
                    }

                    next.Add(combined);
                }
            }

            results = next;
        }

        return results;
    }
}
