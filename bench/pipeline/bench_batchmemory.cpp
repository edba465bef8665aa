// Memory over a long batch (issue 17): runs the real `dinosam` on N images and reads its
// resident memory (VmRSS) from /proc every `step` images, then prints the curve and images/min.
//   bench_batchmemory [images (default 1000)] [step (default 100)]
// The images are 640x480 JPEG variants of the bundled sample (crops, flips, tints), written to a
// temporary folder; the models are the random-weight fixture checkpoints; no disk cache, so every
// image runs both encoders. Threads: OMP_NUM_THREADS when set, else all cores.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

double rssMiB(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    double kb = -1;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> kb;
            break;
        }
        status.ignore(1 << 16, '\n');
    }
    return kb / 1024.0;
}

cv::Mat variant(const cv::Mat &bgr, int i)
{
    const int w = bgr.cols * (60 + (i * 7) % 35) / 100, h = bgr.rows * (60 + (i * 11) % 35) / 100;
    const int x = (bgr.cols - w) * ((i * 37) % 100) / 100, y = (bgr.rows - h) * ((i * 53) % 100) / 100;
    cv::Mat out;
    cv::resize(bgr(cv::Rect(x, y, w, h)), out, cv::Size(640, 480), 0, 0, cv::INTER_AREA);
    if (i % 2)
        cv::flip(out, out, 1);
    out += cv::Scalar((i * 13) % 40, (i * 17) % 40, (i * 19) % 40);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
    const int step = argc > 2 ? std::max(1, std::atoi(argv[2])) : 100;
    const fs::path dir = fs::temp_directory_path() / ("bench-batchmemory-" + std::to_string(::getpid()));
    fs::create_directories(dir / "images");
    const cv::Mat sample = cv::imread(DINOSAM_SAMPLE_IMAGE);
    if (sample.empty()) {
        std::fprintf(stderr, "cannot read %s\n", DINOSAM_SAMPLE_IMAGE);
        return 1;
    }
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "img_%05d.jpg", i);
        cv::imwrite((dir / "images" / name).string(), variant(sample, i));
    }
    const std::string fixtures = DINOSAM_FIXTURES_DIR;
    std::vector<std::string> args{DINOSAM_CLI,
                                  "--dino-checkpoint", fixtures + "/models/dinov2_vits14_reg4_random.pth",
                                  "--dino-model", "dinov2_vits14_reg4",
                                  "--sam2-checkpoint", fixtures + "/models/sam2.1_hiera_tiny_random.pt",
                                  "--no-disk-cache", "--save-dir", (dir / "out").string(), (dir / "images").string()};
    int out[2];
    if (pipe(out) != 0)
        return 1;
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        std::vector<char *> argvChild;
        for (auto &a : args)
            argvChild.push_back(a.data());
        argvChild.push_back(nullptr);
        execv(argvChild[0], argvChild.data());
        _exit(127);
    }
    close(out[1]);
    FILE *lines = fdopen(out[0], "r");
    std::printf("dinosam on %d images (640x480), VmRSS every %d images:\n%8s %10s %12s\n", count, step, "images",
                "RSS MiB", "images/min");
    char buf[4096];
    int done = 0;
    while (std::fgets(buf, sizeof buf, lines)) {
        // Per-image lines start with "[k/N]".
        if (buf[0] != '[' || std::sscanf(buf, "[%d/", &done) != 1)
            continue;
        if (done % step == 0 || done == 1) {
            const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
            std::printf("%8d %10.0f %12.1f\n", done, rssMiB(pid), done / minutes);
            std::fflush(stdout);
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    fs::remove_all(dir);
    std::printf("dinosam exit %d after %d images\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1, done);
    return 0;
}
