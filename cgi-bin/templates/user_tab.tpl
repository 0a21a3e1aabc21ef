{{%AUTOESCAPE context="HTML"}}
<section class="tab-user" data-tab="user">
  <p class="note">Data from the customer billing system. It is not editable here.</p>
  <dl class="facts">
    <div><dt>Billing account</dt><dd id="user-billing-id">{{BILLING_ID}}</dd></div>
    <div><dt>Origin</dt><dd>{{ORIGIN}}</dd></div>
    <div><dt>Status</dt><dd><span class="badge badge-{{STATUS}}">{{STATUS}}</span></dd></div>
    {{#PARENT}}<div><dt>Sub-user of</dt><dd><a href="/admin/users/{{PARENT_ID}}">{{PARENT_LOGIN}}</a></dd></div>{{/PARENT}}
    {{#EXPIRES}}<div><dt>Expires</dt><dd><time datetime="{{EXPIRES_AT_ISO}}">{{EXPIRES_AT}}</time></dd></div>{{/EXPIRES}}
  </dl>
  {{#INFO}}
  <table class="grid kv" id="billing-info">
    <tbody>
    {{#FIELD}}<tr><th scope="row">{{LABEL}}</th><td>{{VALUE}}</td></tr>{{/FIELD}}
    </tbody>
  </table>
  {{#PROPERTIES}}
  <h2>Additional properties</h2>
  <table class="grid kv" id="billing-properties">
    <tbody>
    {{#PROP}}<tr><th scope="row">{{KEY}}</th><td>{{VALUE}}</td></tr>{{/PROP}}
    </tbody>
  </table>
  {{/PROPERTIES}}
  {{/INFO}}
  {{#NO_INFO}}<p class="empty">Billing sent no data for this user.</p>{{/NO_INFO}}
</section>
