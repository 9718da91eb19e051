using System.CommandLine;
using ChurnNas;

var dataOption = new Option<string?>("--data") { Description = "CSV file with a header row (default: churn.csv shipped with the sample, 2,000 synthetic customers)." };
var labelOption = new Option<string>("--label") { Description = "The label column.", DefaultValueFactory = _ => "Churn" };
var ignoreOption = new Option<string?>("--ignore") { Description = "Comma-separated columns to drop, such as identifiers (default: CustomerId for the shipped file, none otherwise)." };
var taskOption = new Option<string?>("--task") { Description = "classification or regression (default: inferred from the label)." };
var timeOption = new Option<int>("--time") { Description = "Time budget in seconds for the whole run, the final training included.", DefaultValueFactory = _ => 60 };
var maxTrialsOption = new Option<int?>("--max-trials") { Description = "Most trials to run (default: as many as the time allows)." };
var seedOption = new Option<int>("--seed") { Description = "Seed of every random choice (splits, tuner, weights).", DefaultValueFactory = _ => 1 };
var testFractionOption = new Option<double>("--test-fraction") { Description = "Fraction of the rows held out as the test set.", DefaultValueFactory = _ => 0.2 };
var outOption = new Option<string?>("--out") { Description = "Folder for model.nasml and report.json." };
var onnxOption = new Option<string?>("--onnx") { Description = "File to export the final model to as ONNX (preprocessing in the graph)." };

var root = new RootCommand("Searches a feed-forward network (MLP) and its training recipe for a CSV table: classification or regression.")
{
    dataOption, labelOption, ignoreOption, taskOption, timeOption, maxTrialsOption, seedOption, testFractionOption, outOption, onnxOption,
};
root.SetAction((parse, cancellationToken) => ChurnSearch.RunAsync(
    new ChurnSettings(
        parse.GetValue(dataOption),
        parse.GetValue(labelOption)!,
        parse.GetValue(ignoreOption),
        parse.GetValue(taskOption),
        parse.GetValue(timeOption),
        parse.GetValue(maxTrialsOption),
        parse.GetValue(seedOption),
        parse.GetValue(testFractionOption),
        parse.GetValue(outOption),
        parse.GetValue(onnxOption)),
    cancellationToken));
return await root.Parse(args).InvokeAsync();
