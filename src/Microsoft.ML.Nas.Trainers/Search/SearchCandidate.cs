using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// Turns a joint <c>{architecture, recipe}</c> parameter into the network a trial (and the final training) builds: the
/// architecture's description with the recipe's dropout applied before its head.
/// </summary>
/// <remarks>
/// <see cref="TrainingRecipe.Dropout"/> is not applied by the trainer; the network carries it. The head
/// (<see cref="ClassifierNode"/>) already has a dropout of its own when the architecture space searches one (MobileNet's
/// <c>dropout</c> choice); the two act as two independent dropout masks in a row, which is one dropout with keep
/// probability (1 − p_architecture)(1 − p_recipe), so the head gets p = 1 − (1 − p_architecture)(1 − p_recipe). A recipe
/// dropout of 0 leaves the description unchanged.
/// </remarks>
internal static class SearchCandidate
{
    /// <summary>Describes the candidate of a joint parameter for the given data.</summary>
    public static NetworkDescription Describe(IArchitectureSpace space, Parameter architecture, TrainingRecipe recipe, InputShape input, int outputs) =>
        WithRecipeDropout(space.Describe(architecture, input, outputs), recipe.Dropout);

    /// <summary>Returns the description with <paramref name="dropout"/> combined into its last head.</summary>
    /// <exception cref="InvalidOperationException">The dropout is positive but the network has no <see cref="ClassifierNode"/> head.</exception>
    public static NetworkDescription WithRecipeDropout(NetworkDescription description, double dropout)
    {
        if (dropout == 0)
        {
            return description;
        }

        var nodes = description.Nodes.ToArray();
        var index = Array.FindLastIndex(nodes, node => node is ClassifierNode);
        if (index < 0)
        {
            var found = string.Create(CultureInfo.InvariantCulture, $"The recipe's dropout {dropout} is applied before the network's classifier head, but this network has none (its last node is {nodes[^1].NodeType}).");
            throw new InvalidOperationException(
                found + " End the architecture space with a classifier (Layers.Classifier), or fix the recipe's dropout at 0 (TrainingRecipeSpace.Dropout = null with Defaults.Dropout = 0).");
        }

        var head = (ClassifierNode)nodes[index];
        nodes[index] = new ClassifierNode(head.Input, head.Outputs, Combine(head.Dropout, dropout));
        return new NetworkDescription(description.Input, nodes);
    }

    /// <summary>One dropout equivalent to two in a row: 1 − (1 − a)(1 − b), written a + b(1 − a) so that a = 0 gives b exactly.</summary>
    public static double Combine(double first, double second) => first + (second * (1 - first));

    /// <summary>Gets whether a recipe of the space can have a positive dropout.</summary>
    public static bool CanHaveDropout(TrainingRecipeSpace recipeSpace) =>
        (recipeSpace.Dropout?.Max ?? recipeSpace.Defaults.Dropout) > 0;

    /// <summary>
    /// Throws before any training when the recipe space searches dropout but the architecture space's networks have no
    /// head to apply it to (checked on the space's first minimal candidate).
    /// </summary>
    /// <exception cref="ArgumentException">The networks have no <see cref="ClassifierNode"/>.</exception>
    public static void ThrowIfDropoutHasNoHead(IArchitectureSpace space, TrainingRecipeSpace recipeSpace, InputShape input, int outputs)
    {
        if (!CanHaveDropout(recipeSpace))
        {
            return;
        }

        var description = space.Describe(space.MinimalCandidates()[0], input, outputs);
        if (!description.Nodes.Any(node => node is ClassifierNode))
        {
            throw new ArgumentException(
                $"The recipe space searches dropout, which is applied before the network's classifier head, but the {space.Name} space's networks have none. " +
                "End the space with a classifier (Layers.Classifier), or set RecipeSpace.Dropout = null with Defaults.Dropout = 0.");
        }
    }
}
