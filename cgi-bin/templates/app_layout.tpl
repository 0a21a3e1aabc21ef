{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · My video</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="stylesheet" href="/static/client.css">
{{#RETRY_SCRIPT}}<script src="/static/retry.js" defer></script>{{/RETRY_SCRIPT}}
</head>
<body class="client">
{{#IMPERSONATED}}<div class="impersonation" id="impersonation-banner" role="status"><span class="text">Signed in as <strong>{{LOGIN}}</strong> by administrator <strong>{{ADMIN}}</strong> · </span><form method="post" action="/app/logout" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link" id="end-session">End session</button></form></div>{{/IMPERSONATED}}
<header class="topbar">
  <a class="brand" href="/app/">My video</a>
  {{#USER}}
  <nav aria-label="Sections">
    <a href="/app/cameras" id="nav-cameras">My cameras</a>
    {{#NAV_INTERCOMS}}<a href="/app/intercoms" id="nav-intercoms">My intercoms</a>{{/NAV_INTERCOMS}}
    {{#NAV_SUBUSERS}}<a href="/app/subusers" id="nav-subusers">My sub-users</a>{{/NAV_SUBUSERS}}
    <span class="who" id="who">{{USERNAME}} ({{LOGIN}})</span>
    {{#SIGN_OUT}}<form method="post" action="/app/logout" class="inline" id="logout-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Sign out</button></form>{{/SIGN_OUT}}
  </nav>
  {{/USER}}
</header>
<main>
{{#BLOCKED}}<div class="notice" id="blocked-notice" role="alert"><p>Your service is paused by your provider: your cameras are blocked until it resumes. Please contact your provider.</p></div>{{/BLOCKED}}
{{>CONTENT}}
</main>
</body>
</html>
