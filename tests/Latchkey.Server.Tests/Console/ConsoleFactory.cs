using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Console;

/// <summary>The real server on its own data folder, with a clock the test moves and optional settings.</summary>
public sealed class ConsoleFactory : WebApplicationFactory<Program>
{
    private readonly (string Key, string Value)[] _settings;
    private readonly bool _ownsDataDirectory;

    public ConsoleFactory(params (string Key, string Value)[] settings)
        : this(Directory.CreateTempSubdirectory("latchkey-console-tests-").FullName, ownsDataDirectory: true, settings)
    {
    }

    private ConsoleFactory(string dataDirectory, bool ownsDataDirectory, (string Key, string Value)[] settings)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _settings = settings;
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    /// <summary>Another server (a restart, or a second node) on this one's data folder; the folder stays with this factory.</summary>
    public ConsoleFactory OnSameDataFolder() => new(DataDirectory, ownsDataDirectory: false, _settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder on a slow shutdown; nothing depends on it.
            }
        }
    }
}
