public enum SpectraVersion { public static let string = "0.1.0" }
