namespace Vae.MLNet.Persistence;

/// <summary>The library that wrote a model file.</summary>
/// <param name="Name">Always "Vae.MLNet" for files this library writes.</param>
/// <param name="Version">The informational version of the build that wrote the file.</param>
public sealed record VaeModelLibrary(string Name, string Version);
