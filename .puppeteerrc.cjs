// Reports are printed with a Chromium already on the machine (see README); npm install never
// downloads one (it cannot here, and CI does not want it).
module.exports = { skipDownload: true };
