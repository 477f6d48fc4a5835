Console.Error.WriteLine("latchkey: commands arrive with the OpenAPI endpoint issue.");
return 2;
