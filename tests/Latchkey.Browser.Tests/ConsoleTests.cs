namespace Latchkey.Browser.Tests;

[CollectionDefinition(Name)]
public sealed class ConsoleTests : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
