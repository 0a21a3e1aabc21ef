{{%AUTOESCAPE context="HTML"}}
<section class="tab-billing-events" data-tab="billing-events">
  <p class="note">Requests from the customer billing system, newest first. Read-only.</p>
  <form method="get" action="{{ACTION}}" class="filters" id="billing-events-filter" role="search">
    <label for="billing-events-type">Type</label>
    <select name="type" id="billing-events-type">
      <option value="">All types</option>
      {{#TYPE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{CODE}} — {{LABEL}}</option>
      {{/TYPE_OPTION}}
    </select>
    {{>LIMIT}}
    <button type="submit">Filter</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="billing-events-table">
    {{>THEAD}}
    {{#ROW}}
    <tbody class="billing-event result-{{RESULT}}">
      <tr data-event-id="{{ID}}" data-result="{{RESULT}}">
        <td class="request-id"><code>{{REQUEST_ID}}</code></td>
        <td class="type">
          <code>{{TYPE}}</code> — <span class="label">{{LABEL}}</span>
          {{#HAS_ERROR}}<br><span class="badge badge-failed">failed</span> <span class="reason">{{ERROR}}</span>{{/HAS_ERROR}}
          {{#HAS_NOTE}}<br><span class="noop">{{NOTE}}</span>{{/HAS_NOTE}}
          {{#HAS_SENT_TYPE}}<br><span class="sent-type">sent as <code>{{SENT_TYPE}}</code></span>{{/HAS_SENT_TYPE}}
        </td>
        <td class="created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
      <tr class="payload-row" data-payload-of="{{ID}}">
        <td colspan="3">
          <details>
            <summary>Request as sent</summary>
            {{#REDACTED}}<p class="note redacted">The camera of this request is outside your scope: ask a superadmin for its details.</p>{{/REDACTED}}
            <pre class="payload">{{PAYLOAD:pre_escape}}</pre>
          </details>
        </td>
      </tr>
    </tbody>
    {{/ROW}}
    {{#EMPTY}}<tbody><tr><td colspan="3" class="empty">{{#OF_TYPE}}No events of this type.{{/OF_TYPE}}{{#ALL_TYPES}}Billing sent nothing about this user.{{/ALL_TYPES}}</td></tr></tbody>{{/EMPTY}}
  </table>
  {{>PAGER}}
</section>
