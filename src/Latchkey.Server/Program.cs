using Latchkey.Server;

var builder = LatchkeyHost.CreateBuilder(args);
var app = LatchkeyHost.Build(builder);
await app.RunAsync();

/// <summary>The entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
