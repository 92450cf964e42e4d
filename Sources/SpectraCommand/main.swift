import SpectraKit
print("spectra", SpectraVersion.string)
