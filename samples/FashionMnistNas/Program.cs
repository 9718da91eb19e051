using System.CommandLine;
using FashionMnistNas;

var dataOption = new Option<string>("--data") { Description = "Folder with the Fashion-MNIST IDX files.", DefaultValueFactory = _ => "/usr/share/datasets/fashion-mnist" };
var timeOption = new Option<int?>("--time") { Description = "Time budget of the whole run in seconds, the final training of the winner included (default 540; 60 with --quick)." };
var maxTrialsOption = new Option<int?>("--max-trials") { Description = "Most trials to run (default unlimited; 3 with --quick)." };
var seedOption = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 1 };
var checkpointOption = new Option<string?>("--checkpoint") { Description = "SQLite file holding the trials; running again with it resumes the search." };
var latencyOption = new Option<double?>("--max-latency-ms") { Description = "Largest latency at batch 1 on one thread, in milliseconds." };
var parametersOption = new Option<long?>("--max-params") { Description = "Largest number of parameters (default 250000)." };
var outOption = new Option<string?>("--out") { Description = "Folder for model.nasml and report.json." };
var quickOption = new Option<bool>("--quick") { Description = "A small run (data subset, few epochs and trials) that finishes in about a minute." };
var trainSizeOption = new Option<int?>("--train-size") { Description = "Training images to use, a stratified sample (default all 60,000; 3,000 with --quick)." };
var searchSizeOption = new Option<int?>("--search-size") { Description = "Images the search's trials train and validate on, a stratified sample; the winner's final training uses all (default 15,000; all with --quick)." };
var onnxOption = new Option<string?>("--onnx") { Description = "Also export the final model to this ONNX file (raw 0-255 pixels in; logits and probabilities out)." };

var root = new RootCommand("Searches a small convolutional network and its training recipe for Fashion-MNIST under hardware constraints.")
{
    dataOption, timeOption, maxTrialsOption, seedOption, checkpointOption, latencyOption, parametersOption, outOption, quickOption, trainSizeOption, searchSizeOption, onnxOption,
};
root.SetAction((parse, cancellationToken) => FashionSearch.RunAsync(
    new SearchSettings(
        parse.GetValue(dataOption)!,
        parse.GetValue(timeOption),
        parse.GetValue(maxTrialsOption),
        parse.GetValue(seedOption),
        parse.GetValue(checkpointOption),
        parse.GetValue(latencyOption),
        parse.GetValue(parametersOption),
        parse.GetValue(outOption),
        parse.GetValue(quickOption),
        parse.GetValue(trainSizeOption),
        parse.GetValue(searchSizeOption),
        parse.GetValue(onnxOption)),
    cancellationToken));
return await root.Parse(args).InvokeAsync();
