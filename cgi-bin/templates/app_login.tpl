{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Sign in</h1>
  {{#ENDED}}<p class="note" role="status" id="ended">Your session has ended.</p>{{/ENDED}}
  {{#MESSAGE}}<p class="error" role="alert">{{TEXT}}</p>{{/MESSAGE}}
  <form method="post" action="/app/login" class="stack" id="login-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label>Login <input name="login" autocomplete="username" required maxlength="255" value="{{LOGIN}}" autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
    <button type="submit">Sign in</button>
  </form>
</section>
