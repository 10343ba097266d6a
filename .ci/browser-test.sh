#!/usr/bin/env bash
# Browser test of report.html: trains a tiny run, renders its GIF, writes its report, then loads the page
# in headless Chromium (Debian's package) with the network cut off, and fails if
#   - the page logs anything to the console (an uncaught error, a resource it failed to load, ...),
#   - the page does not hold the chart and the GIF as embedded images,
#   - a screenshot of it is blank or does not show the chart (the chart's mean-line blue).
# Usage: .ci/browser-test.sh   (installs chromium with apt-get when it is missing; root or sudo needed then)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "browser-test: installing chromium (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run="$work/run"
./diffevo4j train --env CartPole-v1 --population 32 --steps 3 --seed 1 --quiet --out "$run" >/dev/null
./diffevo4j render "$run" --every 5 --size 300x200 >/dev/null
./diffevo4j report "$run"
page="file://$run/report.html"

chrome() {
  # headless, no sandbox (CI runs as root), no GPU, and no way out: every host name fails to resolve and
  # every request goes to a proxy that does not exist
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --disable-extensions \
    --disable-default-apps --no-default-browser-check --mute-audio \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server="http://127.0.0.1:9" \
    --user-data-dir="$work/profile-$1" --enable-logging=stderr --v=0 "${@:2}"
}

chrome dom --dump-dom "$page" >"$work/dom.html" 2>"$work/dom.log"
chrome shot --screenshot="$work/shot.png" --window-size=1280,2000 --hide-scrollbars "$page" \
  >/dev/null 2>"$work/shot.log"

fail=0
if grep -h -E 'CONSOLE|Uncaught|Failed to load resource|Not allowed to load' "$work/dom.log" "$work/shot.log"; then
  echo "browser-test: FAIL: the page logged to the console (lines above)"
  fail=1
fi
for id in 'id="fitness"' 'id="episode-gif"' 'id="metrics-table"' 'data:image/png;base64,' 'data:image/gif;base64,'; do
  if ! grep -q "$id" "$work/dom.html"; then
    echo "browser-test: FAIL: the rendered DOM lacks $id"
    fail=1
  fi
done
[ -s "$work/shot.png" ] || { echo "browser-test: FAIL: no screenshot"; exit 1; }

# the screenshot: not blank, and the chart's mean line (FitnessPlot's blue, 40,90,180) is on it
cat >"$work/ShotCheck.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class ShotCheck {
    public static void main(String[] args) throws Exception {
        BufferedImage img = ImageIO.read(new File(args[0]));
        long nonWhite = 0, blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y), r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
                if (r < 245 || g < 245 || b < 245) nonWhite++;
                if (Math.abs(r - 40) <= 8 && Math.abs(g - 90) <= 8 && Math.abs(b - 180) <= 8) blue++;
            }
        }
        System.out.printf("screenshot %dx%d: %d non-white pixels, %d chart-blue pixels%n",
                img.getWidth(), img.getHeight(), nonWhite, blue);
        if (nonWhite < 20000) { System.out.println("browser-test: FAIL: the screenshot is (nearly) blank"); System.exit(1); }
        if (blue < 200) { System.out.println("browser-test: FAIL: the chart is not on the screenshot"); System.exit(1); }
    }
}
JAVA
java -Djava.awt.headless=true "$work/ShotCheck.java" "$work/shot.png" || fail=1

if [ "${KEEP_SCREENSHOT:-}" != "" ]; then cp "$work/shot.png" "$KEEP_SCREENSHOT"; fi
echo "browser-test: $([ $fail -eq 0 ] && echo OK || echo FAILED) in $(( $(date +%s) - start )) s"
exit $fail
