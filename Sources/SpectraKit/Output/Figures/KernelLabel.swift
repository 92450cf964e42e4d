/// Short kernel names for legends: a spec with only the parameters that differ from what the
/// spec would mean without them ("ntk:depth=3,bias_var=0.25" for the canonical
/// "ntk:depth=3,activation=relu,weight_var=2,bias_var=0.25,input_var=2,beta=0,normalize=false").
///
/// A key is dropped when leaving it out parses to the same canonical kernel, so defaults that
/// depend on other keys (input_var defaults to weight_var) are handled without naming any key.
/// Text that is not a kernel spec is returned unchanged.
public enum KernelLabel {
    public static func short(_ spec: String) -> String {
        guard let parsed = try? KernelSpec.parse(spec) else { return spec }
        let canonical = parsed.canonical
        var kept = parsed.kernel.parameters.map { (key: $0.key, value: $0.value.description) }
        for parameter in parsed.kernel.parameters {
            let without = kept.filter { $0.key != parameter.key }
            if let candidate = try? KernelSpec(name: parsed.name, given: without), candidate.canonical == canonical {
                kept = without
            }
        }
        return kept.isEmpty ? parsed.name : parsed.name + ":" + kept.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
