using System.Runtime.InteropServices;

namespace Latchkey.Signing;

/// <summary>
/// The native-digest fast path: SHA-1 and SHA-256 straight from libcrypto's low-level API,
/// without the EVP provider dispatch, error-queue clearing and context copies that .NET's
/// <c>IncrementalHash</c> pays per call through OpenSSL 3 (about half of a prepared HMAC over a
/// StringToSign). Decided once per process: on when the library and all six functions load, the
/// contexts fit <see cref="NativeHash.ContextBytes"/>, both digests pass a known-answer test,
/// OpenSSL is not in FIPS mode, and neither the AppContext switch <see cref="SwitchName"/> nor the
/// environment variable <see cref="EnvironmentVariable"/> turns it off. Otherwise everything uses
/// the framework's hashes exactly as before.
/// </summary>
internal static class NativeDigest
{
    public const string SwitchName = "Latchkey.Signing.UseNativeDigest";
    public const string EnvironmentVariable = "LATCHKEY_SIGNING_NATIVE_DIGEST";

    // The names .NET's own OpenSSL shim tries, newest first; the low-level SHA API and its
    // structs are the same in 1.1 and 3.x.
    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so.1.1"];

    private static readonly Loaded State = Load();

    /// <summary>SHA-1 through libcrypto; only valid when <see cref="IsAvailable"/>.</summary>
    public static readonly NativeHash Sha1 = State.Sha1;

    /// <summary>SHA-256 through libcrypto; only valid when <see cref="IsAvailable"/>.</summary>
    public static readonly NativeHash Sha256 = State.Sha256;

    /// <summary>The library loaded and passed its checks (whatever the switch says).</summary>
    public static readonly bool IsAvailable = State.Library is not null;

    /// <summary>What signing keys and the V3 canonical-request hash use by default.</summary>
    public static readonly bool IsEnabled = IsAvailable && !IsDisabled(ReadSwitch(), Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Which library was loaded, or why not; names a file or a function, never anything secret.</summary>
    public static string Status => State.Library is { } library
        ? IsEnabled ? "native: " + library : "framework: native digests switched off (" + library + " available)"
        : "framework: " + State.Reason;

    /// <summary>Off when the switch is set to false, or (switch unset) the variable is <c>0</c> or <c>false</c>.</summary>
    public static bool IsDisabled(bool? switchValue, string? environmentValue) =>
        switchValue is { } enabled
            ? !enabled
            : environmentValue is { } text && (text.Trim() == "0" || text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase));

    private static bool? ReadSwitch() => AppContext.TryGetSwitch(SwitchName, out var enabled) ? enabled : null;

    private static Loaded Load()
    {
        // Windows and macOS hash through CNG / CommonCrypto, not OpenSSL: nothing to bypass there.
        if (!OperatingSystem.IsLinux())
        {
            return Loaded.Unavailable("not Linux");
        }

        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            // The handle is kept for the life of the process: the function pointers point into it.
            if (!TryResolve(handle, "SHA1", 20, out var sha1, out var missing)
                || !TryResolve(handle, "SHA256", 32, out var sha256, out missing))
            {
                return Loaded.Unavailable(missing + " not exported by " + name);
            }

            if (IsFipsMode(handle))
            {
                // The low-level functions bypass the FIPS provider; a FIPS deployment keeps the framework path.
                return Loaded.Unavailable("OpenSSL is in FIPS mode");
            }

            if (!ContextFits(sha1) || !ContextFits(sha256))
            {
                return Loaded.Unavailable("a digest context is larger than " + NativeHash.ContextBytes + " bytes in " + name);
            }

            if (!PassesKnownAnswers(sha1, sha256))
            {
                return Loaded.Unavailable("known-answer test failed for " + name);
            }

            return new Loaded(sha1, sha256, name, null);
        }

        return Loaded.Unavailable("libcrypto not found");
    }

    private static bool TryResolve(nint handle, string prefix, int digestBytes, out NativeHash hash, out string? missing)
    {
        hash = default;
        missing = null;
        foreach (var suffix in (string[])["_Init", "_Update", "_Final"])
        {
            if (!NativeLibrary.TryGetExport(handle, prefix + suffix, out _))
            {
                missing = prefix + suffix;
                return false;
            }
        }

        hash = new NativeHash(
            NativeLibrary.GetExport(handle, prefix + "_Init"),
            NativeLibrary.GetExport(handle, prefix + "_Update"),
            NativeLibrary.GetExport(handle, prefix + "_Final"),
            digestBytes);
        return true;
    }

    private static unsafe bool IsFipsMode(nint handle)
    {
        // OpenSSL 3 only; 1.1 has no FIPS provider to bypass.
        if (!NativeLibrary.TryGetExport(handle, "EVP_default_properties_is_fips_enabled", out var isFipsEnabled))
        {
            return false;
        }

        return ((delegate* unmanaged[Cdecl]<nint, int>)isFipsEnabled)(0) == 1;
    }

    /// <summary>
    /// Init clears the whole struct (<c>memset(c, 0, sizeof(*c))</c>), so a sentinel past the
    /// reserved bytes that survives Init and a hash shows the struct fits.
    /// </summary>
    private static bool ContextFits(NativeHash hash)
    {
        const byte Sentinel = 0xA5;
        Span<byte> probe = stackalloc byte[4 * NativeHash.ContextBytes];
        probe.Fill(Sentinel);
        hash.Init(probe);
        hash.Update(probe, "abc"u8);
        Span<byte> digest = stackalloc byte[32];
        hash.Final(probe, digest);
        return !probe[NativeHash.ContextBytes..].ContainsAnyExcept(Sentinel);
    }

    private static bool PassesKnownAnswers(NativeHash sha1, NativeHash sha256)
    {
        // FIPS 180-2 appendix vectors for "abc", and one message that spans two blocks.
        Span<byte> digest = stackalloc byte[32];
        sha1.HashData("abc"u8, digest);
        var ok = digest[..20].SequenceEqual(Convert.FromHexString("a9993e364706816aba3e25717850c26c9cd0d89d"));
        sha256.HashData("abc"u8, digest);
        ok &= digest.SequenceEqual(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        sha256.HashData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, digest);
        ok &= digest.SequenceEqual(Convert.FromHexString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        return ok;
    }

    private sealed record Loaded(NativeHash Sha1, NativeHash Sha256, string? Library, string? Reason)
    {
        public static Loaded Unavailable(string reason) => new(default, default, null, reason);
    }
}
