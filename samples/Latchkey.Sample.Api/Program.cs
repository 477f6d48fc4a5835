using Latchkey.Sample.Api;

await SampleApi.Build(args).RunAsync();
