namespace Latchkey.Server.Api;

internal enum ResponseFormat
{
    Json,
    Xml,
}
