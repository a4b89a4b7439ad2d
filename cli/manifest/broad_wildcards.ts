/**
 * Wildcards that would grant far more than anyone means: a top-level domain,
 * a public suffix under which anyone can register (`*.co.uk`), or a shared
 * hosting domain where anyone can publish (`*.github.io`). The list is curated,
 * not the full Public Suffix List: it covers the suffixes people actually
 * write, and every single-label suffix is refused whatever it is.
 */

const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  // Second-level registries of country-code domains.
  ..."co.uk org.uk me.uk ltd.uk plc.uk net.uk ac.uk gov.uk sch.uk nhs.uk".split(" "),
  ..."com.au net.au org.au edu.au gov.au id.au asn.au".split(" "),
  ..."co.nz org.nz net.nz govt.nz ac.nz".split(" "),
  ..."co.jp ne.jp or.jp ac.jp go.jp gr.jp ed.jp".split(" "),
  ..."com.br net.br org.br gov.br edu.br".split(" "),
  ..."com.cn net.cn org.cn gov.cn edu.cn ac.cn".split(" "),
  ..."co.in net.in org.in firm.in gen.in ind.in ac.in gov.in".split(" "),
  ..."co.kr or.kr ne.kr go.kr ac.kr".split(" "),
  ..."co.za org.za net.za gov.za ac.za".split(" "),
  ..."com.mx org.mx gob.mx com.ar com.co com.pe com.ve com.ec com.uy".split(" "),
  ..."com.tr org.tr net.tr gov.tr com.ua org.ua com.pl net.pl org.pl".split(" "),
  ..."com.sg com.hk com.tw org.tw com.my com.ph com.vn co.id co.th in.th".split(" "),
  ..."co.il org.il ac.il com.sa com.eg com.ng com.pk co.ke".split(" "),
  // Shared hosting and user-content domains: anyone can publish under these.
  ..."github.io githubusercontent.com gitlab.io bitbucket.io pages.dev workers.dev".split(" "),
  ..."amazonaws.com amazonaws.com.cn s3.amazonaws.com cloudfront.net elasticbeanstalk.com awsapps.com"
    .split(" "),
  ..."herokuapp.com herokudns.com appspot.com blogspot.com googleusercontent.com".split(" "),
  ..."storage.googleapis.com web.app firebaseapp.com run.app cloudfunctions.net".split(" "),
  ..."vercel.app now.sh netlify.app netlify.com surge.sh readthedocs.io deno.dev".split(" "),
  ..."azurewebsites.net blob.core.windows.net azureedge.net cloudapp.net trafficmanager.net".split(
    " ",
  ),
  ..."ngrok.io ngrok-free.app ngrok.app trycloudflare.com r2.dev glitch.me".split(" "),
  ..."repl.co replit.dev replit.app fly.dev onrender.com railway.app codeberg.page".split(" "),
  ..."duckdns.org no-ip.org ddns.net hopto.org webhook.site pipedream.net".split(" "),
]);

/** Regional S3 endpoints: `s3.eu-west-1.amazonaws.com`, `s3-us-west-2.amazonaws.com`. */
const S3_REGIONAL = /^s3([.-][a-z0-9-]+)?(\.dualstack)?(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

/** Why `*.suffix` is too broad to grant, or undefined when it is a normal domain. */
export function overBroadReason(suffix: string): string | undefined {
  if (!suffix.includes(".")) return `"*.${suffix}" covers a whole top-level domain`;
  if (PUBLIC_SUFFIXES.has(suffix) || S3_REGIONAL.test(suffix)) {
    return `"*.${suffix}" covers a public suffix or shared hosting domain where anyone can publish`;
  }
  return undefined;
}
