namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>One Kestrel for the whole run; every test makes its own account on it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<LatchkeyServer>
{
    public const string Name = "Latchkey server";
}
