namespace Vae.MLNet.Persistence;

/// <summary>The library that wrote a model file.</summary>
/// <param name="Name">Always "Vae.MLNet" for files this library writes.</param>
/// <param name="Version">
/// The informational version of the build that wrote the file: the version number and, for a build from a git checkout,
/// "+" and the commit it was built from, such as "0.1.0+6ace31557c90068dc098048460c068fb91587249".
/// </param>
public sealed record VaeModelLibrary(string Name, string Version);
