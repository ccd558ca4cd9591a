package inlet.testconnectors.missingdep;

/** Compiled so the connector compiles, then deliberately left out of the plugin's jar. */
public class AbsentHelper {
    public String version() {
        return "never";
    }
}
